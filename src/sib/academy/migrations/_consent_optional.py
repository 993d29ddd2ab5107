"""Version 1 of the optional consents a person gives or withdraws on their "Your data" page."""

import datetime as dt

PUBLISHED_AT = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)

TEXTS = {
    "academy.showcase": (
        "Zgadzam się, aby moje imię i nazwisko oraz zdjęcie były pokazywane publicznie przy "
        "projektach i wystąpieniach prezentowanych na pokazach programu (showcase). Mogę tę zgodę "
        "wycofać w każdej chwili: wtedy moje imię, nazwisko i zdjęcie znikają z tych stron.",
        "I agree that my name and photo are shown publicly with the projects and talks presented "
        "at the programme's showcases. I may withdraw this consent at any time: my name and "
        "photo are then removed from those pages.",
    ),
    "accounts.news": (
        "Zgadzam się na otrzymywanie e-mailem informacji o kolejnych edycjach, wydarzeniach i "
        "wynikach programu (nie częściej niż raz w miesiącu). Mogę tę zgodę wycofać w każdej "
        "chwili.",
        "I agree to receive e-mails about the programme's next editions, events and results (at "
        "most once a month). I may withdraw this consent at any time.",
    ),
    "academy.guardian": (
        "Jako rodzic lub opiekun prawny osoby, która nie ukończyła 16 lat, wyrażam zgodę na jej "
        "udział w kursie młodzieżowym i na przetwarzanie jej danych podanych w zgłoszeniu w celu "
        "rekrutacji i udziału w kursie. Mogę tę zgodę wycofać w każdej chwili.",
        "As the parent or legal guardian of a person under 16, I agree to their taking part in "
        "the youth course and to the processing of the data in their application for the "
        "selection and the course. I may withdraw this consent at any time.",
    ),
}
