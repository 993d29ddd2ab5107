"""The nine tools of TOOLKIT.md as version 1 of each canvas template, in Polish and English, so a
fresh install has them (decision 0701). Idempotent: a template key that already has a version 1 is
left alone (a coordinator may have revised it since, in a later version)."""

from django.db import migrations

SOURCE = "SIB toolkit (TOOLKIT.md), after common design-thinking and service-design practice"
LICENCE = "CC BY-SA 4.0"

L = "lanes"
TOOLS = [
    {
        "key": "challenge-card",
        "title_pl": "Karta wyzwania",
        "title_en": "Challenge card",
        "blocks": [
            (
                "challenge",
                "text",
                "Wyzwanie",
                "Challenge",
                "Jaki problem społeczny chcemy rozwiązać?",
                "What social problem do we want to solve?",
                {},
            ),
            (
                "affected",
                "text",
                "Kogo dotyczy",
                "Who is affected",
                "Kto odczuwa problem i jak?",
                "Who feels the problem, and how?",
                {},
            ),
            (
                "where",
                "text",
                "Gdzie (miejsce, poziom)",
                "Where (place, level)",
                "Gmina, powiat, region; poziom lokalny czy regionalny.",
                "Municipality, county, region; local or regional level.",
                {},
            ),
            (
                "evidence",
                "list",
                "Dowody",
                "Evidence",
                "Dane, badania, głosy mieszkańców.",
                "Data, studies, residents' voices.",
                {},
            ),
            (
                "causes",
                "list",
                "Przyczyny",
                "Causes",
                "Dlaczego problem istnieje?",
                "Why does the problem exist?",
                {},
            ),
            (
                "existing",
                "list",
                "Co już istnieje",
                "What exists already",
                "Kto już działa i z jakim skutkiem?",
                "Who already acts, and with what result?",
                {},
            ),
            (
                "stakeholders",
                "list",
                "Interesariusze",
                "Stakeholders",
                "Kogo trzeba zaangażować?",
                "Whom do we need to involve?",
                {},
            ),
            (
                "hmw",
                "list",
                "Jak moglibyśmy…",
                "How might we…",
                "Pytania otwierające rozwiązania.",
                "Questions that open up solutions.",
                {},
            ),
        ],
    },
    {
        "key": "persona",
        "title_pl": "Persona",
        "title_en": "Persona",
        "blocks": [
            (
                "name",
                "text",
                "Imię",
                "Name",
                "Jak ma na imię nasza persona?",
                "What is our persona called?",
                {},
            ),
            (
                "description",
                "text",
                "Opis",
                "Description",
                "Kim jest, jak żyje (zamiast zdjęcia).",
                "Who they are, how they live (instead of a picture).",
                {},
            ),
            (
                "attributes",
                "list",
                "Kluczowe cechy",
                "Key attributes",
                "Wiek, sytuacja, miejsce.",
                "Age, situation, place.",
                {},
            ),
            (
                "needs",
                "list",
                "Potrzeby i cele",
                "Needs and goals",
                "Czego potrzebuje, do czego dąży?",
                "What do they need, what are they after?",
                {},
            ),
            (
                "motivations",
                "list",
                "Motywacje",
                "Motivations",
                "Co ją napędza?",
                "What drives them?",
                {},
            ),
            (
                "pains",
                "list",
                "Bolączki",
                "Pain points",
                "Co jej przeszkadza?",
                "What gets in their way?",
                {},
            ),
            (
                "behaviours",
                "list",
                "Zachowania",
                "Behaviours",
                "Co robi na co dzień?",
                "What do they do day to day?",
                {},
            ),
            (
                "opportunities",
                "list",
                "Szanse",
                "Opportunities",
                "Gdzie możemy pomóc?",
                "Where can we help?",
                {},
            ),
        ],
    },
    {
        "key": "journey-map",
        "title_pl": "Mapa podróży",
        "title_en": "Journey map",
        "blocks": [
            (
                "persona",
                "text",
                "Persona",
                "Persona",
                "Czyja to podróż?",
                "Whose journey is it?",
                {},
            ),
            (
                "scenario",
                "text",
                "Scenariusz",
                "Scenario",
                "Jaką sytuację opisujemy?",
                "Which situation do we describe?",
                {},
            ),
            (
                "journey",
                "grid",
                "Podróż",
                "Journey",
                "Kolumny to etapy; wypełnij każdy wiersz.",
                "Columns are stages; fill in every row.",
                {
                    "column": ["Etap", "Stage"],
                    L: [
                        ["actions", "Działania", "Actions"],
                        ["touchpoints", "Punkty styku", "Touchpoints"],
                        ["thoughts", "Myśli", "Thoughts"],
                        ["emotions", "Emocje (1–5)", "Emotions (1–5)"],
                        ["pains", "Bolączki", "Pain points"],
                        ["opportunities", "Szanse", "Opportunities"],
                    ],
                },
            ),
        ],
    },
    {
        "key": "service-blueprint",
        "title_pl": "Plan usługi (blueprint)",
        "title_en": "Service blueprint",
        "blocks": [
            (
                "blueprint",
                "grid",
                "Plan usługi",
                "Blueprint",
                "Kolumny to kroki; oznacz punkty awarii (!) i oczekiwania (⏳).",
                "Columns are steps; mark failure points (!) and waits (⏳).",
                {
                    "column": ["Krok", "Step"],
                    L: [
                        ["evidence", "Dowody fizyczne", "Physical evidence"],
                        ["user", "Działania użytkownika", "User actions"],
                        ["frontstage", "Front (widoczne)", "Frontstage"],
                        ["backstage", "Zaplecze", "Backstage"],
                        ["support", "Procesy wspierające", "Support processes"],
                        ["markers", "Punkty awarii i oczekiwania", "Failure points and waits"],
                    ],
                },
            ),
        ],
    },
    {
        "key": "stakeholder-map",
        "title_pl": "Mapa interesariuszy",
        "title_en": "Stakeholder map",
        "blocks": [
            (
                "stakeholders",
                "grid",
                "Interesariusze",
                "Stakeholders",
                "Jedna kolumna na interesariusza; siła i zainteresowanie w skali 1–5.",
                "One column per stakeholder; power and interest on a 1–5 scale.",
                {
                    "column": ["Interesariusz", "Stakeholder"],
                    L: [
                        ["name", "Nazwa", "Name"],
                        [
                            "type",
                            "Typ (publiczny, prywatny, społeczny, grantodawca, beneficjenci)",
                            "Type (public, private, civil society, funder, beneficiary group)",
                        ],
                        ["level", "Poziom (lokalny/regionalny)", "Level (local/regional)"],
                        ["power", "Siła wpływu (1–5)", "Power (1–5)"],
                        ["interest", "Zainteresowanie (1–5)", "Interest (1–5)"],
                        ["relationship", "Relacja", "Relationship"],
                        ["strategy", "Strategia zaangażowania", "Engagement strategy"],
                        ["owner", "Kto odpowiada", "Owner"],
                    ],
                },
            ),
        ],
    },
    {
        "key": "social-business-model",
        "title_pl": "Społeczny model biznesowy",
        "title_en": "Social business model canvas",
        "blocks": [
            ("resources", "list", "Kluczowe zasoby", "Key resources", "", "", {}),
            (
                "partners",
                "list",
                "Partnerzy i kluczowi interesariusze",
                "Partners and key stakeholders",
                "",
                "",
                {},
            ),
            ("activities", "list", "Kluczowe działania", "Key activities", "", "", {}),
            ("intervention", "text", "Rodzaj interwencji", "Type of intervention", "", "", {}),
            ("beneficiaries", "list", "Segmenty beneficjentów", "Beneficiary segments", "", "", {}),
            ("customers", "list", "Segmenty klientów", "Customer segments", "", "", {}),
            ("channels", "list", "Kanały", "Channels", "", "", {}),
            (
                "social_value",
                "text",
                "Społeczna propozycja wartości",
                "Social value proposition",
                "",
                "",
                {},
            ),
            ("impact_measures", "list", "Miary wpływu", "Impact measures", "", "", {}),
            (
                "customer_value",
                "text",
                "Propozycja wartości dla klienta",
                "Customer value proposition",
                "",
                "",
                {},
            ),
            ("costs", "list", "Struktura kosztów", "Cost structure", "", "", {}),
            (
                "surplus",
                "text",
                "Nadwyżka",
                "Surplus",
                "Na co przeznaczymy nadwyżkę?",
                "What will the surplus go to?",
                {},
            ),
            ("revenue", "list", "Przychody", "Revenue", "", "", {}),
        ],
    },
    {
        "key": "theory-of-change",
        "title_pl": "Teoria zmiany",
        "title_en": "Theory of change",
        "blocks": [
            (
                "nodes",
                "grid",
                "Elementy",
                "Elements",
                "Jedna kolumna na element: nakład, działanie, produkt, rezultat lub wpływ.",
                "One column per element: input, activity, output, outcome or impact.",
                {
                    "column": ["Element", "Element"],
                    L: [
                        ["label", "Opis", "Label"],
                        [
                            "kind",
                            "Rodzaj (input, activity, output, outcome, impact)",
                            "Kind (input, activity, output, outcome, impact)",
                        ],
                        ["horizon", "Horyzont", "Horizon"],
                    ],
                },
            ),
            (
                "links",
                "grid",
                "Powiązania",
                "Links",
                "Jedna kolumna na powiązanie między elementami (numery kolumn).",
                "One column per link between elements (column numbers).",
                {
                    "column": ["Powiązanie", "Link"],
                    L: [
                        ["from", "Od", "From"],
                        ["to", "Do", "To"],
                        ["assumption", "Założenie", "Assumption"],
                    ],
                },
            ),
        ],
    },
    {
        "key": "prototype-test-log",
        "title_pl": "Dziennik prototypów i testów",
        "title_en": "Prototype and test log",
        "blocks": [
            (
                "hypothesis",
                "text",
                "Hipoteza",
                "Hypothesis",
                "Co chcemy sprawdzić?",
                "What do we want to find out?",
                {},
            ),
            (
                "prototype",
                "text",
                "Prototyp",
                "Prototype",
                "Co zbudowaliśmy?",
                "What did we build?",
                {},
            ),
            ("tested_with", "text", "Z kim testowaliśmy", "Tested with whom", "", "", {}),
            ("learned", "list", "Czego się nauczyliśmy", "What we learned", "", "", {}),
            ("next_step", "text", "Następny krok", "Next step", "", "", {}),
            (
                "confidence",
                "scale",
                "Pewność hipotezy",
                "Confidence in the hypothesis",
                "1 – niska, 5 – wysoka.",
                "1 low, 5 high.",
                {"min": 1, "max": 5},
            ),
        ],
    },
    {
        "key": "implementation-plan",
        "title_pl": "Plan wdrożenia i skalowania",
        "title_en": "Implementation and scaling plan",
        "blocks": [
            ("milestones", "list", "Kamienie milowe", "Milestones", "", "", {}),
            ("funding", "list", "Zasoby i finansowanie", "Resources and funding", "", "", {}),
            ("partners", "list", "Partnerzy", "Partners", "", "", {}),
            ("risks", "list", "Ryzyka", "Risks", "", "", {}),
            (
                "route",
                "text",
                "Ścieżka skalowania",
                "Scaling route",
                "Wzrost, replikacja, partnerstwo czy upowszechnienie?",
                "Grow, replicate, partner or spread?",
                {},
            ),
        ],
    },
]


def create(apps, schema_editor):
    CanvasTemplate = apps.get_model("studio", "CanvasTemplate")
    TemplateBlock = apps.get_model("studio", "TemplateBlock")
    for tool in TOOLS:
        if CanvasTemplate.objects.filter(key=tool["key"], version=1).exists():
            continue
        template = CanvasTemplate.objects.create(
            key=tool["key"],
            version=1,
            title=tool["title_pl"],
            title_pl=tool["title_pl"],
            title_en=tool["title_en"],
            source=SOURCE,
            licence=LICENCE,
        )
        for position, (key, kind, label_pl, label_en, prompt_pl, prompt_en, config) in enumerate(
            tool["blocks"], start=1
        ):
            TemplateBlock.objects.create(
                template=template,
                position=position,
                key=key,
                kind=kind,
                label=label_pl,
                label_pl=label_pl,
                label_en=label_en,
                prompt=prompt_pl,
                prompt_pl=prompt_pl,
                prompt_en=prompt_en,
                config=config,
            )


class Migration(migrations.Migration):
    dependencies = [("studio", "0002_canvastemplate_templateblock_and_more")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
