"""Texts of the demo programmes (Polish, English). Data only; `demo.py` loads it through services."""

COMPETENCES = [
    ("C1", "Diagnozowanie wyzwań społecznych", "Diagnose social challenges"),
    ("C2", "Mapowanie i angażowanie interesariuszy", "Map and convene stakeholders"),
    (
        "C3",
        "Facylitacja współprojektowania (design thinking, service design)",
        "Facilitate co-design (design thinking, service design)",
    ),
    ("C4", "Korzystanie z narzędzi cyfrowych", "Use digital tools"),
    ("C5", "Pozyskiwanie zasobów i finansowania", "Broker resources and funding"),
    (
        "C6",
        "Zarządzanie procesem innowacji i wdrożeniem",
        "Manage the innovation process and implementation",
    ),
    ("C7", "Skalowanie i upowszechnianie", "Scale and disseminate"),
    ("C8", "Ewaluacja i pomiar wpływu", "Evaluate and measure impact"),
    (
        "C9",
        "Neutralne i etyczne prowadzenie dialogu społecznego",
        "Run social dialogue neutrally and ethically",
    ),
    ("C10", "Budowanie potencjału innych", "Build capacity in others"),
]

FULL_PROGRAMME = {
    "code": "sib",
    "title_pl": "Broker Innowacji Społecznych",
    "title_en": "Social Innovation Broker",
    "summary_pl": (
        "100-godzinny kurs praktyczny: wykłady, warsztaty i projekt z mentorem. Uczy, jak "
        "diagnozować lokalne wyzwania, łączyć innowatorów z partnerami i funduszami oraz "
        "prowadzić innowację od pomysłu do przetestowanego, skalowanego rozwiązania."
    ),
    "summary_en": (
        "A 100-hour practical course of lectures, workshops and a mentored project. It teaches how "
        "to diagnose local challenges, connect innovators with partners and funders, and guide an "
        "innovation from an idea to a tested, scaled solution."
    ),
    "audience_pl": "Pracownicy NGO, samorządów, ośrodków pomocy społecznej, edukatorzy",
    "audience_en": "Staff of NGOs, local government, social-welfare centres; educators",
    "rule": {
        "min_total_minutes": 80 * 60,
        "min_mentoring_minutes": 24 * 60,
        "pass_mark_percent": 60,
    },
}

# code, PL, EN, lecture h, workshop h, mentoring h, competences, outcomes [(PL, EN)]
FULL_MODULES = [
    (
        "M1",
        "Innowacje społeczne i rola brokera",
        "Social innovation and the broker role",
        6,
        2,
        0,
        ["C2", "C9"],
        [
            (
                "Wyjaśnia, czym jest innowacja społeczna i jaką rolę pełni broker.",
                "Explains what social innovation is and the role a broker plays.",
            ),
            (
                "Stosuje zasady etyki i neutralności w pracy z interesariuszami.",
                "Applies ethics and neutrality when working with stakeholders.",
            ),
        ],
    ),
    (
        "M2",
        "Ramy i ekosystem innowacji społecznych",
        "Social-innovation frameworks and ecosystem",
        4,
        4,
        0,
        ["C1"],
        [
            (
                "Opisuje cykl życia innowacji społecznej i jej ekosystem.",
                "Describes the social-innovation lifecycle and its ecosystem.",
            ),
        ],
    ),
    (
        "M3",
        "Diagnoza wyzwań lokalnych i regionalnych",
        "Identifying local and regional challenges",
        4,
        6,
        0,
        ["C1"],
        [
            (
                "Diagnozuje wyzwanie społeczne na podstawie danych i rozmów z mieszkańcami.",
                "Diagnoses a social challenge from data and conversations with residents.",
            ),
        ],
    ),
    (
        "M4",
        "Design thinking w innowacjach społecznych",
        "Design thinking for social innovation",
        4,
        8,
        0,
        ["C3"],
        [
            (
                "Prowadzi proces design thinking od empatii do testu prototypu.",
                "Facilitates a design-thinking process from empathy to a prototype test.",
            ),
        ],
    ),
    (
        "M5",
        "Projektowanie usług",
        "Service design",
        3,
        7,
        0,
        ["C3"],
        [
            (
                "Tworzy mapę podróży użytkownika i plan usługi (service blueprint).",
                "Builds a user journey map and a service blueprint.",
            ),
        ],
    ),
    (
        "M6",
        "Narzędzia cyfrowe",
        "Digital tools",
        2,
        5,
        0,
        ["C4"],
        [
            (
                "Dobiera narzędzia cyfrowe do współpracy i komunikacji w projekcie.",
                "Chooses digital tools for collaboration and communication in a project.",
            ),
        ],
    ),
    (
        "M7",
        "Brokering, partnerstwa i dialog społeczny",
        "Brokering, partnerships, social dialogue",
        3,
        4,
        0,
        ["C2", "C5", "C9"],
        [
            (
                "Buduje partnerstwo międzysektorowe i prowadzi konsultacje społeczne.",
                "Builds a cross-sector partnership and runs a public consultation.",
            ),
        ],
    ),
    (
        "M8",
        "Wdrażanie, finansowanie i skalowanie",
        "Implementation, financing, scaling",
        4,
        4,
        0,
        ["C5", "C6", "C7"],
        [
            (
                "Przygotowuje plan wdrożenia, finansowania i skalowania innowacji.",
                "Prepares an implementation, financing and scaling plan for an innovation.",
            ),
        ],
    ),
    (
        "M9",
        "Projekt mentorski",
        "Mentored project",
        0,
        0,
        26,
        ["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C10"],
        [
            (
                "Prowadzi z zespołem innowację odpowiadającą na realne wyzwanie lokalne.",
                "Leads, with a team, an innovation answering a real local challenge.",
            ),
            (
                "Mierzy efekty innowacji za pomocą wskaźników wpływu.",
                "Measures the innovation's results with impact indicators.",
            ),
        ],
    ),
    (
        "M10",
        "Prezentacja końcowa",
        "Final pitch",
        0,
        0,
        4,
        ["C8"],
        [
            (
                "Przedstawia wyniki projektu partnerom i fundatorom.",
                "Presents the project's results to partners and funders.",
            ),
        ],
    ),
]

YOUTH_PROGRAMME = {
    "code": "youth",
    "title_pl": "Młodzi Innowatorzy Społeczni",
    "title_en": "Young Social Innovators",
    "summary_pl": "Skrócony, 30-godzinny kurs dla młodzieży w wieku 15–19 lat.",
    "summary_en": "A shortened 30-hour course for young people aged 15–19.",
    "audience_pl": "Młodzież w wieku 15–19 lat",
    "audience_en": "Young people aged 15–19",
    "rule": {
        "min_total_minutes": 24 * 60,
        "min_mentoring_minutes": 6 * 60,
        "pass_mark_percent": 60,
    },
}

YOUTH_MODULES: list[tuple[str, str, str, int, int, int, list[str], list[str]]] = [
    ("Y1", "Czym jest innowacja społeczna?", "What is social innovation?", 2, 2, 0, ["C1"], []),
    ("Y2", "Wyzwania w mojej okolicy", "Challenges where I live", 2, 4, 0, ["C1", "C2"], []),
    ("Y3", "Sprint design thinking", "Design-thinking sprint", 2, 6, 0, ["C3"], []),
    (
        "Y4",
        "Narzędzia cyfrowe i opowiadanie historii",
        "Digital tools and storytelling",
        2,
        2,
        0,
        ["C4"],
        [],
    ),
    ("Y5", "Zespołowy projekt z mentorem", "Mentored team project", 0, 0, 6, ["C6", "C10"], []),
    ("Y6", "Prezentacja i refleksja", "Pitch and reflection", 0, 0, 2, ["C8"], []),
]

# Enrolled / certified per voivodeship (DEMO-DATA.md).
VOIVODESHIPS = [
    ("malopolskie", 24, 10),
    ("podkarpackie", 10, 4),
    ("slaskie", 9, 4),
    ("mazowieckie", 8, 3),
    ("swietokrzyskie", 6, 2),
    ("lubelskie", 5, 2),
    ("dolnoslaskie", 4, 1),
    ("wielkopolskie", 3, 1),
    ("pomorskie", 3, 1),
]
SECTORS = [
    ("ngo", 22),
    ("local_government", 14),
    ("social_welfare", 10),
    ("education", 12),
    ("social_economy", 6),
    ("business", 5),
    ("student_other", 3),
]
OUTCOMES = [("certified", 28), ("completed", 5), ("partial", 16), ("withdrawn", 23)]
ENGLISH_TRACK = 8
GENDERS = [("woman", 47), ("man", 23), ("undisclosed", 2)]

WOMEN = [
    "Anna",
    "Maria",
    "Katarzyna",
    "Małgorzata",
    "Agnieszka",
    "Barbara",
    "Ewa",
    "Magdalena",
    "Joanna",
    "Aleksandra",
    "Monika",
    "Zofia",
    "Natalia",
    "Karolina",
    "Marta",
    "Beata",
    "Dorota",
    "Justyna",
    "Paulina",
    "Agata",
    "Weronika",
    "Iwona",
    "Elżbieta",
    "Hanna",
]
MEN = [
    "Piotr",
    "Krzysztof",
    "Tomasz",
    "Andrzej",
    "Paweł",
    "Michał",
    "Marcin",
    "Jakub",
    "Łukasz",
    "Grzegorz",
    "Adam",
    "Wojciech",
    "Mateusz",
    "Bartosz",
]
SURNAMES = [
    ("Nowak", "Nowak"),
    ("Kowalska", "Kowalski"),
    ("Wiśniewska", "Wiśniewski"),
    ("Wójcik", "Wójcik"),
    ("Kowalczyk", "Kowalczyk"),
    ("Kamińska", "Kamiński"),
    ("Lewandowska", "Lewandowski"),
    ("Zielińska", "Zieliński"),
    ("Szymańska", "Szymański"),
    ("Woźniak", "Woźniak"),
    ("Dąbrowska", "Dąbrowski"),
    ("Kozłowska", "Kozłowski"),
    ("Jankowska", "Jankowski"),
    ("Mazur", "Mazur"),
    ("Kwiatkowska", "Kwiatkowski"),
    ("Krawczyk", "Krawczyk"),
    ("Piotrowska", "Piotrowski"),
    ("Grabowska", "Grabowski"),
    ("Nowakowska", "Nowakowski"),
    ("Pawłowska", "Pawłowski"),
    ("Michalska", "Michalski"),
    ("Król", "Król"),
    ("Wieczorek", "Wieczorek"),
    ("Jabłońska", "Jabłoński"),
    ("Majewska", "Majewski"),
    ("Olszewska", "Olszewski"),
    ("Stępień", "Stępień"),
    ("Malinowska", "Malinowski"),
    ("Górska", "Górski"),
    ("Sikora", "Sikora"),
]
ENGLISH_TRACK_NAMES = [
    ("Olena Kovalenko", "woman"),
    ("Iryna Shevchenko", "woman"),
    ("Sofia Marino", "woman"),
    ("Lucía Fernández", "woman"),
    ("Amira Haddad", "woman"),
    ("Daniel Okafor", "man"),
    ("Mykola Bondarenko", "man"),
    ("Emma Lindqvist", "woman"),
]

TRAINERS = [
    ("trainer", "Tomasz Zieliński"),
    ("joanna.krol", "Joanna Król"),
    ("marek.sowa", "Marek Sowa"),
]
MENTORS = [
    ("mentor", "Ingrid Halvorsen"),
    ("ewa.lis", "Ewa Lis"),
    ("adam.nowicki", "Adam Nowicki"),
    ("kari.berg", "Kari Berg"),
    ("beata.wrona", "Beata Wrona"),
    ("jan.kot", "Jan Kot"),
]

TEAMS = [
    "Zdrowe Talerze",
    "Czyste Powietrze",
    "Bus dla Seniora",
    "Razem w Szkole",
    "Głowa do Góry",
    "Nowy Start",
    "Cyfrowe Mamy",
    "Samodzielni",
    "e-Urząd dla Seniora",
    "Zatrzymaj Wodę",
]

# Selection for the pilot: 97 submitted applications (72 accepted, 8 on the waiting list who were
# never admitted, 17 not accepted) and 3 drafts that were never submitted.
APPLICATIONS_NOT_ACCEPTED = [("waitlisted", 8), ("rejected", 17)]
APPLICATION_DRAFTS = 3
MOTIVATIONS = [
    (
        "Chcę nauczyć się, jak łączyć mieszkańców, samorząd i organizacje wokół wspólnych "
        "problemów w mojej gminie.",
        "I want to learn how to bring residents, the municipality and NGOs together around "
        "shared problems in my town.",
    ),
    (
        "Pracuję z seniorami i widzę, że wiele usług nie odpowiada ich potrzebom. Chcę "
        "projektować je razem z nimi.",
        "I work with older people and see that many services do not meet their needs. I want "
        "to design them together with them.",
    ),
    (
        "Prowadzę małą fundację i szukam narzędzi, które pomogą nam lepiej diagnozować "
        "wyzwania lokalne i pozyskiwać partnerów.",
        "I run a small foundation and am looking for tools to diagnose local challenges "
        "better and find partners.",
    ),
    (
        "Chcę, aby moja szkoła stała się miejscem, w którym młodzi ludzie rozwiązują realne "
        "problemy swojej okolicy.",
        "I want my school to become a place where young people solve real problems of their "
        "neighbourhood.",
    ),
]
BACKGROUNDS = [
    (
        "Od kilku lat pracuję w organizacji pozarządowej, koordynuję projekty z wolontariuszami.",
        "I have worked in an NGO for several years, coordinating projects with volunteers.",
    ),
    (
        "Jestem pracownikiem urzędu gminy, odpowiadam za współpracę z organizacjami.",
        "I work at the municipal office, responsible for cooperation with NGOs.",
    ),
    (
        "Pracuję w ośrodku pomocy społecznej jako pracownik socjalny.",
        "I am a social worker at a social-welfare centre.",
    ),
    (
        "Jestem nauczycielką i trenerką, prowadzę warsztaty dla młodzieży i dorosłych.",
        "I am a teacher and trainer running workshops for young people and adults.",
    ),
]

# Module descriptions of the full course (code: PL, EN); terms of the knowledge map that occur in
# them are linked on the programme page.
MODULE_DESCRIPTIONS = {
    "M1": (
        "Czym jest innowacja społeczna, kim jest broker innowacji społecznych i jak łączy "
        "innowatorów z interesariuszami.",
        "What social innovation is, who a social innovation broker is and how they connect "
        "innovators with stakeholders.",
    ),
    "M2": (
        "Ramy pojęciowe i ekosystem innowacji społecznych w Polsce i w Europie.",
        "Conceptual frameworks and the social innovation ecosystem in Poland and Europe.",
    ),
    "M3": (
        "Diagnoza wyzwania społecznego: dane, rozmowy z mieszkańcami i pytanie „jak moglibyśmy”.",
        "Diagnosing a social challenge: data, talking to residents and the “how might we” question.",
    ),
    "M4": (
        "Design thinking w praktyce: empatia, persona, generowanie pomysłów i prototyp.",
        "Design thinking in practice: empathy, persona, ideation and prototype.",
    ),
    "M5": (
        "Projektowanie usług: mapa podróży użytkownika, blueprint usługi i punkty styku.",
        "Service design: the journey map, the service blueprint and touchpoints.",
    ),
    "M7": (
        "Brokering, partnerstwa i dialog społeczny; mapa interesariuszy i facylitacja.",
        "Brokering, partnerships and social dialogue; the stakeholder map and facilitation.",
    ),
    "M8": (
        "Teoria zmiany, pomiar wpływu, pilotaż, finansowanie i skalowanie innowacji.",
        "Theory of change, impact measurement, pilots, funding and scaling an innovation.",
    ),
    "M9": (
        "Mentoring zespołu projektowego przez cały cykl innowacji.",
        "Mentoring of the project team through the whole innovation cycle.",
    ),
}
