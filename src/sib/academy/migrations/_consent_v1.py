"""The text of consent version 1, shared by its data migration and a flushed-database fallback."""

import datetime as dt

TEXT_PL = (
    "Wyrażam zgodę na przetwarzanie moich danych osobowych podanych w tym zgłoszeniu przez "
    "organizatora programu Brokerzy Innowacji Społecznych w celu przeprowadzenia rekrutacji, "
    "a w razie przyjęcia — udziału w kursie i wydania poświadczenia. Dane profilowe (płeć, rok "
    "urodzenia, województwo, sektor) są dobrowolne i służą wyłącznie do zbiorczych, "
    "anonimowych statystyk w sprawozdaniach programu. Zgodę mogę w każdej chwili wycofać; "
    "zgłoszenia nieprzyjęte są usuwane po zakończeniu okresu przechowywania."
)
TEXT_EN = (
    "I agree that the organiser of the Social Innovation Brokers programme processes the personal "
    "data in this application to run the selection and, if I am accepted, my participation in "
    "the course and the issuing of my credential. The profile data (gender, year of birth, "
    "voivodeship, sector) are optional and used only for aggregate, anonymous statistics in the "
    "programme's reports. I may withdraw this consent at any time; applications that are not "
    "accepted are deleted when the retention period ends."
)

PUBLISHED_AT = dt.datetime(2023, 9, 1, tzinfo=dt.UTC)
