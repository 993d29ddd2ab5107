"""Texts of the knowledge demo (Polish, English). Data only; `demo.py` loads it through services."""

# slug, PL, EN, definition PL, definition EN, didactic issue PL, didactic issue EN,
# Poland/Norway PL, Poland/Norway EN, modules
TERMS = [
    (
        "social-innovation",
        "innowacja społeczna",
        "social innovation",
        "Nowe rozwiązanie problemu społecznego, skuteczniejsze od dotychczasowych, którego wartość trafia przede wszystkim do społeczeństwa.",
        "A new solution to a social problem, more effective than existing ones, whose value goes mainly to society.",
        "Uczestnicy utożsamiają ją z każdym projektem NGO; pomaga pytanie, co jest nowe i dla kogo.",
        "Participants equate it with any NGO project; asking what is new, and for whom, helps.",
        "W Polsce kojarzona z grantami unijnymi; w Norwegii z reformą usług publicznych gmin.",
        "In Poland associated with EU grants; in Norway with municipalities reforming public services.",
        ["M1", "M2"],
    ),
    (
        "broker",
        "broker innowacji społecznych",
        "social innovation broker",
        "Osoba, która łączy innowatorów z interesariuszami, partnerami i zasobami oraz prowadzi innowację od wyzwania do wdrożenia.",
        "A person who connects innovators with stakeholders, partners and resources and guides an innovation from challenge to implementation.",
        "Mylony z konsultantem lub pośrednikiem grantowym; broker nie przejmuje projektu, tylko buduje połączenia.",
        "Confused with a consultant or a grant intermediary; a broker does not take the project over but builds connections.",
        "W Norwegii podobną rolę pełnią koordynatorzy gminni; w Polsce rola jest nowa i wymaga uzasadnienia.",
        "In Norway municipal coordinators play a similar role; in Poland the role is new and must be explained.",
        ["M1", "M7"],
    ),
    (
        "stakeholder",
        "interesariusz",
        "stakeholder",
        "Osoba, grupa lub instytucja, na którą wyzwanie lub rozwiązanie wpływa albo która może na nie wpłynąć.",
        "A person, group or institution affected by a challenge or solution, or able to affect it.",
        "Uczestnicy pomijają grupy bez głosu (dzieci, seniorów); ćwiczenie: kogo brakuje przy stole?",
        "Participants leave out groups without a voice (children, older people); exercise: who is missing at the table?",
        "W Norwegii udział mieszkańców jest ustawowym obowiązkiem gmin; w Polsce częściej dobrowolny.",
        "In Norway involving residents is a statutory duty of municipalities; in Poland more often voluntary.",
        ["M2", "M7"],
    ),
    (
        "stakeholder-map",
        "mapa interesariuszy",
        "stakeholder map",
        "Narzędzie porządkujące interesariuszy według wpływu i zainteresowania, z którego wynika strategia zaangażowania.",
        "A tool that places stakeholders by power and interest, from which an engagement strategy follows.",
        "Mapa bywa robiona raz i zapominana; warto ją aktualizować po każdym spotkaniu.",
        "The map is often drawn once and forgotten; update it after every meeting.",
        "Polskie zespoły częściej umieszczają samorząd w centrum, norweskie — użytkowników usług.",
        "Polish teams more often put local government at the centre, Norwegian ones the service users.",
        ["M7"],
    ),
    (
        "design-thinking",
        "design thinking",
        "design thinking",
        "Podejście do rozwiązywania problemów zaczynające od zrozumienia ludzi, przez definiowanie, generowanie pomysłów, prototypowanie i testowanie.",
        "An approach to problem solving that starts from understanding people, then defines, ideates, prototypes and tests.",
        "Traktowany jak liniowa procedura; trzeba pokazać powroty między etapami.",
        "Treated as a linear procedure; show the loops back between stages.",
        "W Polsce termin pozostaje angielski; w Norwegii używa się też „tjenestedesign” dla usług.",
        "In Poland the English term is kept; in Norway “tjenestedesign” is also used for services.",
        ["M4"],
    ),
    (
        "empathy",
        "empatia",
        "empathy",
        "Etap design thinking polegający na poznaniu doświadczeń, potrzeb i emocji użytkowników.",
        "The design-thinking stage of learning users' experiences, needs and emotions.",
        "Mylona ze współczuciem; chodzi o obserwację i słuchanie bez oceniania.",
        "Confused with sympathy; it means observing and listening without judging.",
        "Norweskie zespoły łatwiej zapraszają użytkowników do rozmów; polskie częściej opierają się na danych zastanych.",
        "Norwegian teams invite users to talk more easily; Polish ones rely more on existing data.",
        ["M4"],
    ),
    (
        "persona",
        "persona",
        "persona",
        "Opis fikcyjnego, lecz opartego na badaniach użytkownika, streszczający potrzeby, cele i bolączki grupy.",
        "A description of a fictional but research-based user summarising a group's needs, goals and pain points.",
        "Persony tworzone z wyobraźni zamiast z wywiadów; wymagaj cytatu z badań przy każdej cesze.",
        "Personas made up instead of drawn from interviews; require a research quote for every trait.",
        "Bez istotnych różnic; w Polsce częściej dodaje się dane demograficzne, w Norwegii kontekst rodzinny.",
        "No major difference; Polish teams add more demographics, Norwegian ones more family context.",
        ["M4", "M5"],
    ),
    (
        "prototype",
        "prototyp",
        "prototype",
        "Wczesna, tania wersja rozwiązania, która pozwala sprawdzić założenie z użytkownikami.",
        "An early, cheap version of a solution that lets an assumption be tested with users.",
        "Uczestnicy budują od razu dopracowany produkt; prototyp ma odpowiadać na jedno pytanie.",
        "Participants build a finished product at once; a prototype should answer one question.",
        "W polskich projektach grantowych prototyp bywa mylony z pilotażem finansowanym na rok.",
        "In Polish grant projects a prototype is often confused with a year-long funded pilot.",
        ["M4", "M5"],
    ),
    (
        "pilot",
        "pilotaż",
        "pilot",
        "Wdrożenie rozwiązania w małej skali i w rzeczywistych warunkach, aby ocenić jego działanie przed rozszerzeniem.",
        "Running a solution at small scale in real conditions to assess it before expanding.",
        "Pilotaż bez kryteriów sukcesu niczego nie rozstrzyga; ustal je z góry.",
        "A pilot without success criteria decides nothing; set them in advance.",
        "W Polsce pilotaże są zwykle projektami grantowymi; w Norwegii częściej częścią budżetu gminy.",
        "In Poland pilots are usually grant projects; in Norway more often part of a municipal budget.",
        ["M8"],
    ),
    (
        "service-design",
        "projektowanie usług",
        "service design",
        "Projektowanie całego doświadczenia usługi — punktów styku, procesów i zasobów — z perspektywy użytkownika.",
        "Designing the whole experience of a service — touchpoints, processes and resources — from the user's side.",
        "Ograniczane do wyglądu formularzy; pokaż zaplecze usługi na blueprincie.",
        "Reduced to the look of forms; show the back office on a blueprint.",
        "Norweska administracja ma własne standardy projektowania usług; w Polsce to wciąż nowość w samorządach.",
        "Norwegian administration has its own service-design standards; in Polish local government it is still new.",
        ["M5"],
    ),
    (
        "journey-map",
        "mapa podróży użytkownika",
        "journey map",
        "Przedstawienie kolejnych etapów doświadczenia użytkownika z działaniami, punktami styku, emocjami i bolączkami.",
        "A picture of the stages of a user's experience with actions, touchpoints, emotions and pain points.",
        "Zespoły mapują proces instytucji zamiast doświadczenia osoby.",
        "Teams map the institution's process instead of the person's experience.",
        "Bez istotnych różnic w metodzie; różnią się punkty styku (e-usługi w Norwegii, okienka w Polsce).",
        "The method is the same; the touchpoints differ (e-services in Norway, counters in Poland).",
        ["M5"],
    ),
    (
        "service-blueprint",
        "blueprint usługi",
        "service blueprint",
        "Schemat usługi łączący działania użytkownika z tym, co dzieje się na froncie, na zapleczu i w procesach wspierających.",
        "A diagram linking the user's actions with what happens frontstage, backstage and in support processes.",
        "Trudna linia widoczności; ćwicz na znanej usłudze, np. wydaniu dowodu osobistego.",
        "The line of visibility is hard; practise on a familiar service such as issuing an ID card.",
        "W obu krajach termin pozostaje angielski.",
        "In both countries the English term is kept.",
        ["M5"],
    ),
    (
        "touchpoint",
        "punkt styku",
        "touchpoint",
        "Każde miejsce, w którym użytkownik spotyka usługę: osoba, formularz, strona, list.",
        "Any place where a user meets a service: a person, a form, a website, a letter.",
        "Pomija się punkty styku poza instytucją, np. rozmowę z sąsiadem.",
        "Touchpoints outside the institution, such as a talk with a neighbour, are left out.",
        "Norweskie usługi mają więcej cyfrowych punktów styku.",
        "Norwegian services have more digital touchpoints.",
        ["M5"],
    ),
    (
        "co-design",
        "współprojektowanie",
        "co-design",
        "Projektowanie rozwiązań razem z ich przyszłymi użytkownikami i interesariuszami, a nie tylko dla nich.",
        "Designing solutions together with their future users and stakeholders, not merely for them.",
        "Mylone z konsultacjami; we współprojektowaniu uczestnicy podejmują decyzje projektowe.",
        "Confused with consultation; in co-design participants make design decisions.",
        "W Norwegii współprojektowanie jest częścią polityki gmin; w Polsce częściej inicjatywą NGO.",
        "In Norway co-design is part of municipal policy; in Poland more often an NGO initiative.",
        ["M4", "M7"],
    ),
    (
        "facilitation",
        "facylitacja",
        "facilitation",
        "Prowadzenie grupy przez proces tak, aby wszyscy mogli wnieść wkład, bez narzucania treści.",
        "Guiding a group through a process so that everyone can contribute, without imposing content.",
        "Facylitator zaczyna doradzać; rozdziel rolę prowadzącego i eksperta.",
        "The facilitator starts advising; keep the facilitator's and the expert's roles apart.",
        "Polscy uczestnicy oczekują od prowadzącego odpowiedzi; norwescy — przestrzeni do dyskusji.",
        "Polish participants expect answers from the facilitator; Norwegian ones expect room to discuss.",
        ["M7"],
    ),
    (
        "social-challenge",
        "wyzwanie społeczne",
        "social challenge",
        "Problem społeczny opisany przez to, kogo dotyczy, gdzie występuje, jakie ma przyczyny i co już istnieje.",
        "A social problem described by whom it affects, where, its causes and what already exists.",
        "Wyzwanie formułowane jako gotowe rozwiązanie („brakuje świetlicy”); zapytaj o potrzebę.",
        "A challenge phrased as a ready solution (“we lack a day centre”); ask about the need.",
        "W Polsce wyzwania zgłaszają głównie samorządy i NGO; w Norwegii także mieszkańcy przez gminne platformy.",
        "In Poland challenges come mostly from local government and NGOs; in Norway also from residents through municipal platforms.",
        ["M3"],
    ),
    (
        "diagnosis",
        "diagnoza",
        "diagnosis",
        "Zbieranie i analiza danych o wyzwaniu przed szukaniem rozwiązań.",
        "Gathering and analysing evidence about a challenge before looking for solutions.",
        "Diagnoza skraca się do statystyk; dodaj rozmowy z osobami, których problem dotyczy.",
        "Diagnosis shrinks to statistics; add conversations with the people concerned.",
        "Polskie gminy mają obowiązkowe diagnozy (np. strategie rozwiązywania problemów społecznych).",
        "Polish municipalities must produce diagnoses (e.g. social-problem strategies).",
        ["M3"],
    ),
    (
        "how-might-we",
        "jak moglibyśmy",
        "how might we",
        "Pytanie otwierające generowanie pomysłów, które przekształca problem w zaproszenie do szukania rozwiązań.",
        "A question that opens ideation by turning a problem into an invitation to find solutions.",
        "Pytania zbyt szerokie („jak zlikwidować biedę”) lub zawierające rozwiązanie.",
        "Questions too broad (“how to end poverty”) or with the solution built in.",
        "Polska forma „Jak moglibyśmy…” brzmi mniej naturalnie; dopuszczamy „W jaki sposób…”.",
        "The Polish form sounds less natural; “W jaki sposób…” is accepted too.",
        ["M3", "M4"],
    ),
    (
        "ideation",
        "generowanie pomysłów",
        "ideation",
        "Etap, na którym zespół tworzy wiele pomysłów, zanim zacznie je oceniać.",
        "The stage where a team produces many ideas before judging them.",
        "Zbyt szybka ocena zabija pomysły; oddziel generowanie od wyboru.",
        "Judging too early kills ideas; separate generating from choosing.",
        "Bez istotnych różnic.",
        "No major difference.",
        ["M4"],
    ),
    (
        "scaling",
        "skalowanie",
        "scaling",
        "Zwiększanie zasięgu i wpływu sprawdzonej innowacji: wzrost, replikacja, partnerstwo lub upowszechnienie.",
        "Increasing the reach and impact of a proven innovation: growth, replication, partnership or diffusion.",
        "Utożsamiane z powiększaniem organizacji; pokaż skalowanie przez replikację u partnerów.",
        "Equated with growing the organisation; show scaling through replication by partners.",
        "W Norwegii skaluje się często przez przejęcie rozwiązania przez państwo; w Polsce przez sieci NGO.",
        "In Norway scaling often means the state taking over a solution; in Poland NGO networks.",
        ["M8"],
    ),
    (
        "social-dialogue",
        "dialog społeczny",
        "social dialogue",
        "Uporządkowana rozmowa mieszkańców, instytucji i organizacji o wspólnych sprawach, prowadząca do decyzji.",
        "A structured conversation of residents, institutions and organisations about shared matters that leads to decisions.",
        "W Polsce kojarzony wyłącznie z rozmowami związków zawodowych i pracodawców.",
        "In Poland associated only with trade unions and employers' talks.",
        "Polskie znaczenie prawne (Rada Dialogu Społecznego) jest węższe niż w programie; w Norwegii „trepartssamarbeid” również.",
        "The Polish legal sense (the Social Dialogue Council) is narrower than in the programme; Norway's “trepartssamarbeid” too.",
        ["M7"],
    ),
    (
        "consultation",
        "konsultacje społeczne",
        "public consultation",
        "Proces, w którym instytucja zbiera opinie mieszkańców o planowanej decyzji i odpowiada na nie.",
        "A process in which an institution collects residents' views on a planned decision and answers them.",
        "Konsultacje bez odpowiedzi zwrotnej budzą nieufność; pokaż, co zrobiono z uwagami.",
        "Consultations without feedback breed distrust; show what was done with the comments.",
        "W Polsce wiele konsultacji jest obowiązkowych i formalnych; w Norwegii częściej otwarte spotkania.",
        "In Poland many consultations are mandatory and formal; in Norway more often open meetings.",
        ["M7"],
    ),
    (
        "partnership",
        "partnerstwo",
        "partnership",
        "Trwała współpraca organizacji z różnych sektorów, które dzielą cele, zasoby i ryzyko.",
        "Lasting cooperation of organisations from different sectors that share goals, resources and risk.",
        "Partnerstwo na papierze dla wniosku grantowego; pytaj o wspólne decyzje.",
        "A partnership on paper for a grant application; ask about shared decisions.",
        "Polskie partnerstwa są częściej formalne (umowy), norweskie oparte na zaufaniu.",
        "Polish partnerships are more often formal (contracts), Norwegian ones trust-based.",
        ["M7", "M8"],
    ),
    (
        "theory-of-change",
        "teoria zmiany",
        "theory of change",
        "Opis tego, jak i dlaczego działania mają prowadzić do oczekiwanych rezultatów i wpływu, wraz z założeniami.",
        "A description of how and why activities are expected to lead to outcomes and impact, with its assumptions.",
        "Mylona z harmonogramem działań; zaczynaj od wpływu i idź wstecz.",
        "Confused with an activity plan; start from the impact and work backwards.",
        "Norwescy partnerzy znają ją z polityki publicznej; polscy głównie z wniosków o dotacje.",
        "Norwegian partners know it from public policy; Polish ones mainly from grant applications.",
        ["M8", "M9"],
    ),
    (
        "impact",
        "wpływ społeczny",
        "social impact",
        "Długofalowa zmiana w życiu ludzi lub społeczności, którą można przypisać działaniu.",
        "A long-term change in people's or a community's lives that can be attributed to an action.",
        "Mylony z liczbą uczestników; to zmiana, nie aktywność.",
        "Confused with the number of participants; it is change, not activity.",
        "Bez istotnych różnic w pojęciu; inne są źródła danych (rejestry w Norwegii).",
        "The concept is the same; the data sources differ (registers in Norway).",
        ["M8"],
    ),
    (
        "impact-measurement",
        "pomiar wpływu",
        "impact measurement",
        "Ustalanie wskaźników, punktu wyjścia i celów oraz zbieranie danych, by wykazać wpływ.",
        "Setting indicators, a baseline and targets and collecting data to show impact.",
        "Wskaźniki wybierane po fakcie; ustal je razem z teorią zmiany.",
        "Indicators chosen afterwards; set them together with the theory of change.",
        "Norweskie gminy dysponują danymi rejestrowymi; polskie zespoły częściej robią własne ankiety.",
        "Norwegian municipalities have register data; Polish teams more often run their own surveys.",
        ["M8"],
    ),
    (
        "indicator",
        "wskaźnik",
        "indicator",
        "Mierzalna wielkość, która pokazuje postęp w osiąganiu rezultatu.",
        "A measurable quantity that shows progress towards an outcome.",
        "Za dużo wskaźników; wystarczą dwa, trzy dobrze mierzone.",
        "Too many indicators; two or three well-measured ones suffice.",
        "Polskie wnioski grantowe narzucają wskaźniki produktu; norweskie częściej rezultatu.",
        "Polish grant forms impose output indicators; Norwegian ones more often outcome indicators.",
        ["M8"],
    ),
    (
        "output",
        "produkt",
        "output",
        "Bezpośredni, policzalny efekt działań, np. liczba przeszkolonych osób.",
        "The direct, countable result of activities, e.g. the number of people trained.",
        "Produkt mylony z rezultatem; pytaj: co się zmieniło dla ludzi?",
        "Outputs confused with outcomes; ask: what changed for people?",
        "W polskich projektach unijnych „produkt” ma znaczenie formalne.",
        "In Polish EU projects “produkt” has a formal meaning.",
        ["M8"],
    ),
    (
        "outcome",
        "rezultat",
        "outcome",
        "Zmiana u odbiorców wynikająca z produktów, np. nowe umiejętności lub zachowania.",
        "A change among beneficiaries that follows from outputs, e.g. new skills or behaviour.",
        "Rezultat krótkoterminowy mylony z wpływem długofalowym.",
        "Short-term outcomes confused with long-term impact.",
        "Bez istotnych różnic.",
        "No major difference.",
        ["M8"],
    ),
    (
        "social-economy",
        "ekonomia społeczna",
        "social economy",
        "Sektor organizacji, które prowadzą działalność gospodarczą dla celów społecznych: spółdzielnie, przedsiębiorstwa społeczne, fundacje.",
        "The sector of organisations that trade for social purposes: cooperatives, social enterprises, foundations.",
        "Mylona z dobroczynnością; podkreśl działalność gospodarczą.",
        "Confused with charity; stress the trading.",
        "W Polsce ustawowo zdefiniowana (ustawa o ekonomii społecznej z 2022 r.); w Norwegii pojęcie mniej używane.",
        "In Poland defined by law (the 2022 social economy act); in Norway the term is less used.",
        ["M8"],
    ),
    (
        "social-enterprise",
        "przedsiębiorstwo społeczne",
        "social enterprise",
        "Organizacja, która sprzedaje towary lub usługi, a zysk przeznacza na cele społeczne.",
        "An organisation that sells goods or services and uses its surplus for social goals.",
        "Trudność z pogodzeniem zysku i misji; omów modele przychodów.",
        "Reconciling surplus and mission is hard; discuss revenue models.",
        "W Polsce status nadawany przez urząd wojewódzki; w Norwegii brak odrębnego statusu prawnego.",
        "In Poland the status is granted by the voivode; in Norway there is no separate legal status.",
        ["M8"],
    ),
    (
        "value-proposition",
        "propozycja wartości",
        "value proposition",
        "Opis tego, jaką wartość rozwiązanie daje użytkownikom i dlaczego wybiorą właśnie je.",
        "A statement of what value a solution gives its users and why they would choose it.",
        "Zespoły opisują cechy zamiast korzyści dla użytkownika.",
        "Teams describe features instead of benefits for the user.",
        "Bez istotnych różnic.",
        "No major difference.",
        ["M8"],
    ),
    (
        "business-model-canvas",
        "społeczny model biznesowy",
        "social business model canvas",
        "Jednostronicowy opis, jak innowacja tworzy wartość społeczną, dla kogo, jakimi zasobami i jak się finansuje.",
        "A one-page description of how an innovation creates social value, for whom, with what resources and how it is funded.",
        "Pola wypełniane w oderwaniu od siebie; czytaj kanwę jako opowieść.",
        "Boxes filled in isolation; read the canvas as one story.",
        "Bez istotnych różnic.",
        "No major difference.",
        ["M8"],
    ),
    (
        "mentoring",
        "mentoring",
        "mentoring",
        "Regularne wsparcie zespołu przez doświadczoną osobę, która zadaje pytania i pomaga uczyć się z doświadczenia.",
        "Regular support of a team by an experienced person who asks questions and helps it learn from experience.",
        "Mentor wykonuje pracę za zespół; uzgadniajcie działania, nie rozwiązania.",
        "The mentor does the team's work; agree on actions, not solutions.",
        "Norweski styl jest bardziej partnerski; polscy uczestnicy oczekują wskazówek.",
        "The Norwegian style is more peer-like; Polish participants expect directions.",
        ["M9"],
    ),
    (
        "ecosystem",
        "ekosystem innowacji społecznych",
        "social innovation ecosystem",
        "Sieć instytucji, organizacji, funduszy i ludzi, które razem umożliwiają powstawanie i rozwój innowacji społecznych.",
        "The network of institutions, organisations, funds and people that together let social innovations emerge and grow.",
        "Ekosystem rysowany jako lista instytucji bez powiązań; rysuj przepływy zasobów.",
        "The ecosystem drawn as a list of institutions without links; draw the flows of resources.",
        "Norweski ekosystem opiera się na gminach; polski na NGO i funduszach UE.",
        "The Norwegian ecosystem rests on municipalities; the Polish one on NGOs and EU funds.",
        ["M2"],
    ),
]

# Forms the stemmer does not join to the label (see decision 0802).
HIDDEN = {
    "stakeholder": ("interesariusze\ninteresariuszy", ""),
    "broker": ("brokerzy", ""),
    "scaling": ("skalować", "scale up"),
}

RELATIONS = [
    ("broker", "social-innovation", "used_in"),
    ("stakeholder-map", "stakeholder", "used_in"),
    ("persona", "design-thinking", "part_of"),
    ("empathy", "design-thinking", "part_of"),
    ("ideation", "design-thinking", "part_of"),
    ("prototype", "design-thinking", "part_of"),
    ("how-might-we", "ideation", "used_in"),
    ("journey-map", "service-design", "part_of"),
    ("service-blueprint", "service-design", "part_of"),
    ("touchpoint", "journey-map", "part_of"),
    ("touchpoint", "service-blueprint", "part_of"),
    ("service-design", "design-thinking", "contrasts_with"),
    ("co-design", "design-thinking", "used_in"),
    ("facilitation", "co-design", "used_in"),
    ("prototype", "pilot", "contrasts_with"),
    ("diagnosis", "social-challenge", "used_in"),
    ("consultation", "social-dialogue", "kind_of"),
    ("co-design", "consultation", "contrasts_with"),
    ("partnership", "ecosystem", "part_of"),
    ("indicator", "impact-measurement", "part_of"),
    ("output", "outcome", "contrasts_with"),
    ("outcome", "theory-of-change", "part_of"),
    ("impact", "theory-of-change", "part_of"),
    ("impact-measurement", "impact", "used_in"),
    ("social-enterprise", "social-economy", "part_of"),
    ("social-enterprise", "social-innovation", "contrasts_with"),
    ("value-proposition", "business-model-canvas", "part_of"),
    ("scaling", "pilot", "contrasts_with"),
    ("mentoring", "broker", "used_in"),
    ("social-challenge", "social-innovation", "used_in"),
]

MENTOR_MANUAL = {
    "key": "mentor-manual",
    "audience": "mentors",
    "title_pl": "Podręcznik mentora",
    "title_en": "Mentor's manual",
    "summary_pl": "Jak prowadzić zespoły projektowe przez 30 godzin mentoringu: od wyzwania do prezentacji końcowej.",
    "summary_en": "How to guide project teams through 30 hours of mentoring: from the challenge to the final pitch.",
}
BROKER_MANUAL = {
    "key": "broker-manual",
    "audience": "public",
    "title_pl": "Podręcznik brokera innowacji społecznych",
    "title_en": "Social Innovation Broker's manual",
    "summary_pl": "Rola brokera, narzędzia projektowania i dialogu oraz droga innowacji od diagnozy do skalowania.",
    "summary_en": "The broker's role, the design and dialogue tools, and an innovation's path from diagnosis to scaling.",
}

# key, title PL, title EN, body PL, body EN (empty: outline only)
MENTOR_CHAPTERS = [
    (
        "role",
        "Rola mentora",
        "The mentor's role",
        """## Czym jest mentoring w programie

Mentoring to 30 godzin pracy z zespołem projektowym. Mentor nie jest kierownikiem projektu: zadaje pytania, pomaga zespołowi uczyć się z doświadczenia i pilnuje, by **broker innowacji społecznych** w szkoleniu sam podejmował decyzje.

## Czego mentor nie robi

- nie pisze za zespół kanw ani wniosków,
- nie wybiera rozwiązania,
- nie zastępuje kontaktu z interesariuszami.

## Pierwsze spotkanie

Na pierwszym spotkaniu ustalcie rytm pracy, sposób kontaktu i to, jak zespół rozumie swoje wyzwanie społeczne. Zapiszcie uzgodnione działania z osobą odpowiedzialną i terminem.""",
        """## What mentoring is in the programme

Mentoring is 30 hours of work with a project team. The mentor is not the project manager: they ask questions, help the team learn from experience and make sure the **social innovation broker** in training makes the decisions.

## What a mentor does not do

- write the team's canvases or applications,
- choose the solution,
- stand in for contact with stakeholders.

## The first meeting

At the first meeting agree on the rhythm of work, how to keep in touch and how the team understands its social challenge. Write down the agreed actions with an owner and a due date.""",
    ),
    (
        "sessions",
        "Prowadzenie spotkań mentorskich",
        "Running mentoring sessions",
        """## Struktura spotkania

1. Co się wydarzyło od ostatniego spotkania?
2. Czego się nauczyliście?
3. Co blokuje postęp?
4. Jakie działania uzgadniamy?

## Praca z kanwami

Przeglądaj z zespołem personę, mapę podróży użytkownika i teorię zmiany. Komentuj pola kanwy, a nie ludzi. Porównuj wersje, aby pokazać postęp.

> Dobre pytanie mentora otwiera rozmowę: „Skąd to wiecie?”, „Kto jeszcze powinien to zobaczyć?”.""",
        """## The shape of a session

1. What has happened since the last meeting?
2. What have you learned?
3. What is blocking progress?
4. Which actions do we agree on?

## Working with canvases

Review the persona, the journey map and the theory of change with the team. Comment on the canvas's boxes, not on people. Compare versions to show progress.

> A good mentor's question opens the conversation: “How do you know?”, “Who else should see this?”.""",
    ),
    (
        "difficult-moments",
        "Trudne momenty w zespole",
        "Difficult moments in a team",
        """## Gdy zespół utknął

Wróćcie do diagnozy i do rozmów z interesariuszami. Często problemem jest wyzwanie sformułowane jako gotowe rozwiązanie.

## Gdy ktoś przestaje przychodzić

Porozmawiaj z osobą indywidualnie. Pamiętaj, że obecność na spotkaniach mentorskich liczy się do wymaganych 24 godzin.""",
        """## When the team is stuck

Go back to the diagnosis and to the conversations with stakeholders. Often the problem is a challenge phrased as a ready solution.

## When someone stops coming

Talk to the person one to one. Remember that attending mentoring sessions counts towards the required 24 hours.""",
    ),
    ("assessment", "Ocena projektu końcowego", "Assessing the final project", "", ""),
    ("pitch", "Przygotowanie do prezentacji końcowej", "Preparing the final pitch", "", ""),
    ("tools", "Narzędzia i wzory dokumentów", "Tools and templates", "", ""),
]

BROKER_CHAPTERS = [
    (
        "role",
        "Kim jest broker innowacji społecznych",
        "Who a social innovation broker is",
        """## Rola brokera

Broker innowacji społecznych łączy lokalnych innowatorów z interesariuszami, partnerami i funduszami, których potrzebuje innowacja społeczna. Prowadzi ją od zdiagnozowanego wyzwania do przetestowanego i skalowanego rozwiązania.

## Kompetencje

| Kompetencja | Przykład |
|---|---|
| Diagnoza wyzwań | rozmowy z mieszkańcami, dane zastane |
| Mapowanie interesariuszy | mapa interesariuszy z oceną wpływu |
| Facylitacja współprojektowania | warsztat design thinking |

## Etyka

Broker działa neutralnie, ujawnia konflikty interesów i dba o to, by w dialogu społecznym usłyszano grupy bez głosu.""",
        """## The broker's role

A social innovation broker connects local innovators with the stakeholders, partners and funders a social innovation needs. They guide it from a diagnosed challenge to a tested and scaled solution.

## Competences

| Competence | Example |
|---|---|
| Diagnosing challenges | talking to residents, existing data |
| Mapping stakeholders | a stakeholder map with power and interest |
| Facilitating co-design | a design thinking workshop |

## Ethics

A broker acts neutrally, declares conflicts of interest and makes sure that groups without a voice are heard in social dialogue.""",
    ),
    (
        "diagnosis",
        "Diagnoza wyzwania społecznego",
        "Diagnosing a social challenge",
        """## Od problemu do wyzwania

Dobra diagnoza opisuje, kogo problem dotyczy, gdzie występuje, jakie ma przyczyny i co już istnieje. Unikaj formułowania wyzwania jako gotowego rozwiązania.

## Źródła wiedzy

- dane zastane (statystyki, strategie gminy),
- rozmowy z osobami, których problem dotyczy,
- obserwacja w terenie.

Na koniec zapisz pytanie „Jak moglibyśmy…”, które otworzy generowanie pomysłów.""",
        """## From a problem to a challenge

A good diagnosis says whom the problem affects, where it occurs, what causes it and what already exists. Avoid phrasing the challenge as a ready solution.

## Sources of evidence

- existing data (statistics, municipal strategies),
- conversations with the people concerned,
- observation in the field.

Finish with a “how might we…” question that opens ideation.""",
    ),
    (
        "design",
        "Projektowanie z użytkownikami",
        "Designing with users",
        """## Design thinking w praktyce

Empatia, definiowanie, generowanie pomysłów, prototypowanie i testowanie nie są linią prostą. Zespół wraca do wcześniejszych etapów, gdy test obali założenie.

## Persona i mapa podróży

Persona streszcza potrzeby grupy użytkowników na podstawie badań. Mapa podróży użytkownika pokazuje etapy jej doświadczenia, punkty styku i emocje.

## Prototyp

Prototyp odpowiada na jedno pytanie i kosztuje mało. Pilotaż przychodzi później, gdy rozwiązanie jest gotowe do sprawdzenia w rzeczywistych warunkach.""",
        """## Design thinking in practice

Empathy, definition, ideation, prototyping and testing are not a straight line. The team goes back to earlier stages when a test disproves an assumption.

## Persona and journey map

A persona summarises a user group's needs from research. A journey map shows the stages of their experience, the touchpoints and the emotions.

## Prototype

A prototype answers one question and costs little. A pilot comes later, when the solution is ready to be tried in real conditions.""",
    ),
    (
        "tarnow-case",
        "Studium przypadku: nawyki żywieniowe dzieci w Tarnowie",
        "Case study: children's eating habits in Tarnów",
        """## Wyzwanie

Zespół pilotażu pracował z Urzędem Miasta Tarnowa nad nawykami żywieniowymi dzieci. Mapa interesariuszy objęła szkoły, rodziców, stołówki i lokalnych rolników.

## Co zadziałało

Współprojektowanie menu z uczniami i prototyp „zdrowej przerwy” przetestowany w dwóch szkołach.""",
        "",
    ),
    ("dialogue", "Dialog społeczny i konsultacje", "Social dialogue and consultation", "", ""),
    ("implementation", "Wdrażanie i finansowanie", "Implementation and funding", "", ""),
    ("scaling", "Skalowanie i pomiar wpływu", "Scaling and measuring impact", "", ""),
]

# A later revision of one chapter, so "what changed" has something to show.
BROKER_ROLE_UPDATE = (
    "\n\n## Współpraca z partnerami z Norwegii\n\nW pilotażu brokerzy pracowali z European Center for Women and Technology z Oslo. Różnice w rozumieniu pojęć opisuje mapa pojęć.",
    "\n\n## Working with partners from Norway\n\nIn the pilot brokers worked with the European Center for Women and Technology in Oslo. The map of terms describes where the concepts differ.",
)

# module code, title PL, title EN, kind ("link" or "text"), link or file text, language, public
MATERIALS = [
    (
        "M1",
        "Prezentacja: innowacje społeczne i rola brokera",
        "Slides: social innovation and the broker role",
        "pdf",
        "",
        "pl+en",
        True,
    ),
    (
        "M2",
        "Open Book of Social Innovation (Nesta)",
        "The Open Book of Social Innovation (Nesta)",
        "link",
        "https://www.nesta.org.uk/report/the-open-book-of-social-innovation/",
        "en",
        True,
    ),
    (
        "M3",
        "Karta wyzwania — wzór",
        "Challenge card — template",
        "text",
        "challenge",
        "pl+en",
        False,
    ),
    (
        "M4",
        "Zestaw narzędzi design thinking (IDEO)",
        "Design thinking toolkit (IDEO)",
        "link",
        "https://www.designkit.org/methods",
        "en",
        True,
    ),
    (
        "M5",
        "Ćwiczenie: blueprint usługi wydania karty seniora",
        "Exercise: a service blueprint of issuing a senior card",
        "pdf",
        "",
        "pl",
        False,
    ),
    (
        "M7",
        "Scenariusz warsztatu mapowania interesariuszy",
        "Stakeholder-mapping workshop plan",
        "text",
        "stakeholders",
        "pl+en",
        False,
    ),
    (
        "M8",
        "Cele zrównoważonego rozwoju ONZ",
        "UN Sustainable Development Goals",
        "link",
        "https://sdgs.un.org/goals",
        "en",
        True,
    ),
]

TEXT_FILES = {
    "challenge": """KARTA WYZWANIA / CHALLENGE CARD

1. Wyzwanie / Challenge:
2. Kogo dotyczy? / Who is affected?
3. Gdzie? (miejsce, poziom) / Where? (place, level)
4. Dowody / Evidence:
5. Przyczyny / Causes:
6. Co już istnieje? / What exists already?
7. Interesariusze / Stakeholders:
8. Jak moglibyśmy...? / How might we...?
""",
    "stakeholders": """WARSZTAT: MAPA INTERESARIUSZY / WORKSHOP: STAKEHOLDER MAP (90 min)

15 min  Kto jest dotknięty wyzwaniem? / Who is affected by the challenge?
30 min  Lista interesariuszy na karteczkach / Stakeholders on sticky notes
30 min  Wpływ i zainteresowanie (1-5) / Power and interest (1-5)
15 min  Strategia zaangażowania / Engagement strategy
""",
}
