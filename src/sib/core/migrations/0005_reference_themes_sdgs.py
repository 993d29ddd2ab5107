"""Reference data shared by brokerage and studio: themes and the 17 SDGs (decision 0600).

SDG titles: the United Nations' short goal names (English) and the Polish names used by the
Polish statistics office (GUS, sdg.gov.pl). Idempotent (update_or_create by key/number)."""

from django.db import migrations

THEMES = [
    ("ageing", "Seniorzy i starzenie się", "Older people and ageing"),
    ("health", "Zdrowie i zdrowie psychiczne", "Health and mental health"),
    ("education", "Edukacja", "Education"),
    ("youth", "Młodzież", "Young people"),
    ("employment", "Praca i aktywizacja zawodowa", "Work and employment"),
    ("digital", "Włączenie cyfrowe", "Digital inclusion"),
    ("mobility", "Transport i mobilność", "Transport and mobility"),
    ("environment", "Środowisko i klimat", "Environment and climate"),
    ("energy", "Energia i ubóstwo energetyczne", "Energy and energy poverty"),
    ("migration", "Migracja i integracja", "Migration and integration"),
    ("disability", "Niepełnosprawność i niezależne życie", "Disability and independent living"),
    ("food", "Żywienie", "Food and nutrition"),
    ("community", "Wspólnota lokalna", "Local community"),
    ("gender", "Równość płci", "Gender equality"),
    ("housing", "Mieszkalnictwo", "Housing"),
]

SDGS = [
    (1, "Koniec z ubóstwem", "No poverty"),
    (2, "Zero głodu", "Zero hunger"),
    (3, "Dobre zdrowie i jakość życia", "Good health and well-being"),
    (4, "Dobra jakość edukacji", "Quality education"),
    (5, "Równość płci", "Gender equality"),
    (6, "Czysta woda i warunki sanitarne", "Clean water and sanitation"),
    (7, "Czysta i dostępna energia", "Affordable and clean energy"),
    (8, "Wzrost gospodarczy i godna praca", "Decent work and economic growth"),
    (9, "Innowacyjność, przemysł, infrastruktura", "Industry, innovation and infrastructure"),
    (10, "Mniej nierówności", "Reduced inequalities"),
    (11, "Zrównoważone miasta i społeczności", "Sustainable cities and communities"),
    (12, "Odpowiedzialna konsumpcja i produkcja", "Responsible consumption and production"),
    (13, "Działania w dziedzinie klimatu", "Climate action"),
    (14, "Życie pod wodą", "Life below water"),
    (15, "Życie na lądzie", "Life on land"),
    (16, "Pokój, sprawiedliwość i silne instytucje", "Peace, justice and strong institutions"),
    (17, "Partnerstwa na rzecz celów", "Partnerships for the goals"),
]


def create(apps, schema_editor):
    Theme = apps.get_model("core", "Theme")
    SdgGoal = apps.get_model("core", "SdgGoal")
    for position, (key, name_pl, name_en) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(
            key=key,
            defaults={"position": position, "name": name_pl, "name_pl": name_pl, "name_en": name_en},
        )
    for number, title_pl, title_en in SDGS:
        SdgGoal.objects.update_or_create(
            number=number,
            defaults={"title": title_pl, "title_pl": title_pl, "title_en": title_en},
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0004_sdggoal_theme")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
