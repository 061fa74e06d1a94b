"""The words of the demo group (facilitator.demo): names, agreements and minutes pieces.

Kept apart from the generator so demo.py reads as the recipe and this as the
ingredients. Everything here is data: the members are shared, the texts exist
in Danish and English. `{a}` is a member's first name, `{o}` the theme
owner(s), other fields are named where they are used.
"""

from __future__ import annotations

from typing import Any

MEMBERS: tuple[tuple[str, float, float], ...] = (
    # (name, how much they talk (weight), how often they send notice of absence)
    ("Anne Hansen", 1.4, 0.04),
    ("Mette Kristensen", 1.0, 0.08),
    ("Lone Nielsen", 0.6, 0.10),
    ("Birgitte Pedersen", 1.2, 0.06),
    ("Susanne Andersen", 0.8, 0.12),
    ("Hanne Christensen", 1.1, 0.07),
    ("Karen Larsen", 0.5, 0.09),
    ("Jens Sørensen", 1.3, 0.16),
    ("Pia Rasmussen", 0.9, 0.08),
    ("Helle Jørgensen", 0.7, 0.11),
)

HOSTS: tuple[int, ...] = (0, 3, 5, 8)
"""Members (by index) who have the group in their home, in turn."""

MONTHS = {
    "da": ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
           "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}

TEXT: dict[str, dict[str, Any]] = {
    "da": {
        "group_name": "Netværk for handicaphjælpere (demo)",
        "purpose": {  # issue 21: decided at the first meeting
            "kinds": ["support", "guidance"],
            "form": "in_person",
            "how_often": "hver fjerde uge, tirsdage kl. 18-21",
            "where": "hjemme hos deltagerne på skift",
            "notes": "Vi er højst ti, og vi evaluerer efter et halvt år.",
        },
        "role_feedback": {  # (what worked, what to try next time), used in turn
            "moderator": [
                ("God styring af tiden, og alle kom til orde.", "Sig tydeligere, hvornår pausen slutter."),
                ("Rolig og venlig, også da det blev svært.", "Afbryd lidt før, når en runde trækker ud."),
                ("Klar start med dagsordenen.", "Saml trådene op, inden vi går videre til næste punkt."),
            ],
            "minute_taker": [
                ("Referatet kom ud dagen efter.", "Skriv beslutningerne med Beslutning: foran."),
                ("Kort og præcist.", "Husk, hvem der gør hvad, ved opgaverne."),
                ("Godt overblik over runden.", "Spørg, hvis noget var uklart, før det skrives ned."),
            ],
        },
        "conclusions": {
            "content": "Temaerne har været relevante; arbejdsskader og ergonomi skal have mere plads.",
            "form": "Oplæggene må gerne være kortere, så der er mere tid til drøftelse.",
            "mood": "Trygt og åbent; flere tager nu deres egne sager op.",
            "wellbeing": "Alle har det godt i gruppen; nogle savner tid til at tale om egne grænser.",
            "adjust": "Højst 30 minutters oplæg, og fællesspisning efter næste møde.",
        },
        "own_themes": ["Nattevagter og søvn", "Samarbejdet med fysioterapeuten"],
        "agreements": {
            "confidentiality": (
                "Det, der bliver sagt i gruppen, bliver i gruppen. Vi taler ikke om hinandens sager uden for "
                "møderne og nævner ikke børn eller forældre ved navn. Skal noget bringes videre, aftaler vi det "
                "med hele gruppen først. Vores tavshedspligt som kommunalt ansatte gælder også her."
            ),
            "ethics": (
                "Vi taler om vores egne arbejdsmetoder og dilemmaer, ikke om forældres eller kollegers "
                "privatliv. Grænsevogteren må stoppe en drøftelse og kalde time-out, hvis etikken kommer i "
                "klemme."
            ),
            "attendance": (
                "Møderne har høj prioritet. Bliver du forhindret, melder du afbud til ordstyreren senest dagen "
                "før. Vi starter og slutter til tiden."
            ),
            "personal_limits": (
                "Det er altid tilladt at sige til og fra. Hver bestemmer selv, hvor meget de vil fortælle; vi "
                "lytter uden at dømme og giver kun råd, når nogen beder om det."
            ),
        },
        "places": {
            "home": ("Hos Anne, Skovvej 14, Viby J", "Hos Birgitte, Egevænget 3, Tranbjerg J",
                     "Hos Hanne, Bakkedraget 27, Højbjerg", "Hos Pia, Lærkevej 8, Mårslet"),
            "library": "Viby Bibliotek, mødelokale 2",
        },
        "title_first": "Første møde",
        "title_second": "Andet møde",
        "evaluation": "Evaluering af det første halve år",
        "municipality": "Forholdet til kommunen",
        # (theme, discussion lines, decision or "", action or "")
        "themes": [
            ("Forholdet til kommunen", [
                "Flere oplever, at det er svært at få fat i den rette person i kommunen, og at svarene trækker ud.",
                "Vi talte om, hvordan man forbereder et møde med sagsbehandleren, og hvad man skal have på skrift.",
                "Gode erfaringer med at sende en kort mail efter hver telefonsamtale, så aftalen står sort på hvidt.",
            ], "Beslutning: Vi laver en fælles tjekliste til møder med kommunen.",
                "{o} skriver et udkast til tjeklisten og sender det rundt"),
            ("Forholdet til børnene og deres pårørende", [
                "Vi talte om at sætte grænser over for forældre, der ringer uden for arbejdstiden.",
                "Det hjælper at aftale et fast tidspunkt og en fast form for den daglige overlevering.",
            ], "Beslutning: Vi øver den svære samtale med rollespil på et senere møde.",
                "{o} finder en artikel om samarbejdet med pårørende"),
            ("Organisering af arbejdet og arbejdstider", [
                "Arbejdstiden skrider ofte, når forældre bliver forsinket; kun få har en fast aftale om det.",
                "Vi sammenlignede ugeskemaer og fandt idéer til at samle pauserne.",
            ], "Beslutning: Vi tager spørgsmålet om overarbejde op med tillidsrepræsentanten.",
                "{o} kontakter tillidsrepræsentanten inden næste møde"),
            ("Pædagogiske arbejdsmetoder", [
                "{o} viste, hvordan billedstøtte og faste dagsskemaer giver ro i hverdagen.",
                "Vi delte erfaringer med sanseintegration og korte, faste aktiviteter.",
            ], "", "{o} deler billederne af dagsskemaet i gruppens mail"),
            ("Eget hjem som arbejdsplads", [
                "Flere savner et rum i huset, der ikke er arbejdsplads.",
                "Vi talte om, hvordan ens egen familie bliver påvirket, når hjemmet også er arbejdsplads.",
            ], "", ""),
            ("Arbejdsskader: hvad gør man?", [
                "Vi gennemgik, hvordan en arbejdsskade anmeldes, og hvem man skal kontakte.",
                "Det er vigtigt at anmelde skaden, også når den virker lille.",
            ], "Beslutning: Vi samler vejledningen om anmeldelse på ét ark til alle.",
                "{o} laver arket om anmeldelse af arbejdsskader"),
            ("Ergonomiske belastninger", [
                "Forflytninger og løft er den største belastning for de fleste af os.",
                "Vi talte om hjælpemidler og om at sige fra over for løft, man ikke kan klare alene.",
            ], "", "{o} spørger kommunens ergoterapeut, om vedkommende vil komme på et møde"),
            ("Antallet af og sammensætningen af børnene", [
                "Det er svært, når børn med meget forskellige behov skal passes på samme tid.",
                "Vi talte om, hvornår man skal sige fra over for et ekstra barn.",
            ], "", ""),
            ("Indretning af hjemmet: inventar og hjælpemidler", [
                "{o} viste billeder af sin indretning med loftlift og hæve-sænkebord.",
                "Flere har ventet længe på hjælpemidler; vi delte tips til ansøgningen.",
            ], "", "{o} sender listen over leverandører rundt"),
            ("Anerkendende kommunikation", [
                "Vi lavede en øvelse to og to med anerkendende spørgsmål.",
                "Det var grænseoverskridende for nogle, men de fleste fik meget ud af det.",
            ], "Beslutning: Vi gentager øvelsen om et halvt år.", ""),
            ("Uformelle roller i grupper", [
                "Vi talte om, hvem der tager ordet, og hvem der holder sig tilbage i vores gruppe.",
                "Det blev tydeligt, at de samme ofte tager ansvaret for stemningen.",
            ], "", ""),
            ("Feedback", [
                "Vi øvede at give feedback på rollerne som ordstyrer og referent.",
                "Konkret og venlig feedback virker bedst.",
            ], "Beslutning: Vi giver kort feedback på rollerne ved hver afrunding.", ""),
            ("Reflekterende teams", [
                "{o} fremlagde en sag, og gruppen reflekterede over den uden at give gode råd.",
                "Formen gav ro og nye vinkler på sagen.",
            ], "", ""),
            ("Konflikthåndtering", [
                "Vi talte om konflikter med forældre og med kommunen, og om at tage dem tidligt.",
                "Flere skriver ned, hvad der skete, før de tager den svære samtale.",
            ], "", "{o} finder en kort video om konflikttrappen"),
        ],
        "evaluation_lines": [
            "Vi evaluerede indhold, form, stemning og trivsel i gruppen.",
            "Alle synes, at temaerne har været relevante; oplæggene må gerne være lidt kortere.",
            "Stemningen er tryg, og flere tør nu tage deres egne sager op.",
        ],
        "evaluation_decision": "Beslutning: Vi fortsætter med samme mødeform og holder fællesspisning efter næste møde.",
        "evaluation_action": "{o} laver en ny mødeplan for det næste halve år",
        "theme_forms": [
            "{o} holdt oplæg om temaet ud fra egne erfaringer.",
            "{o} lagde op med en kort artikel, som vi drøftede bagefter.",
            "{o} viste en kort video og stillede spørgsmål til drøftelse.",
            "{o} havde forberedt spørgsmål, som vi tog en runde om.",
        ],
        "and": "og",
        "since": [
            "{a} har fået et nyt barn i gruppen; indkøringen går bedre end ventet.",
            "{a} har været på kursus i forflytning og deler gerne materialet.",
            "{a} har haft en travl måned med sygdom blandt børnene.",
            "{a} har fået ny sagsbehandler i kommunen.",
            "{a} har fået en ny lift, som gør forflytningerne lettere.",
            "{a} har haft en god snak med forældrene om faste rutiner.",
            "{a} har holdt ferie og er kommet godt i gang igen.",
            "{a} har prøvet idéen fra sidste møde og har gode erfaringer med den.",
            "{a} venter stadig på svar fra kommunen om ekstra timer.",
            "{a} har haft ondt i ryggen, men er tilbage på fuld tid.",
        ],
        "confidential": [
            "!! {a} fortalte om en svær situation med et barns forældre; det bliver i gruppen.",
            "!! {a} overvejer at sige op på grund af stress og vil gerne have støtte fra gruppen.",
            "!! {a} har haft en bekymrende episode med et barn og har talt med sin leder om det.",
            "!! {a} står i en svær situation derhjemme; vi holder kontakten mellem møderne.",
        ],
        "timeout_notes": [
            "Et barn blev nævnt ved navn.",
            "Drøftelsen gled over i kritik af en kollega, der ikke var til stede.",
            "En deltager kom til at dele mere, end vedkommende havde lyst til; vi tog en pause fra emnet.",
            "Spørgsmål om, hvad der må fortælles videre til kommunen.",
        ],
        "closing": [
            "Godt med et konkret oplæg; alle kom til orde.",
            "Flere fremhævede, at det er rart at høre, at andre har de samme udfordringer.",
            "Det var givende at få idéer, man kan bruge allerede i morgen.",
            "Runden om siden sidst tog lidt for lang tid; næste gang holder vi den kortere.",
            "Stemningen var god og tryg.",
        ],
        "feedback": [
            "{mod} fik ros for at holde tiden som ordstyrer.",
            "{mt} fik tak for et fint referat.",
            "{bk} var en tydelig grænsevogter.",
        ],
        "aob": [
            "Intet.",
            "{a} minder om kurset i forflytning i næste måned.",
            "Vi mangler kaffefiltre og te; {a} køber ind.",
            "{a} har en bog om søvn hos børn med handicap, som kan lånes.",
        ],
        "break_line": "Pause kl. {start}–{end}.",
        "minutes_action": "{mt} sender referatet ud senest en uge efter mødet",
        "next_line": (
            "Næste møde: {date} kl. 18:00, {place}. Ordstyrer: {mod}, referent: {mt}, "
            "grænsevogter: {bk}, vært: {host}."
        ),
        "next_theme": "Tema: {theme} (ved {o}).",
        "first": {
            "welcome": (
                "{mod} bød velkommen og fortalte, at idéen om netværket opstod efter en temadag i kommunen, "
                "hvor flere savnede kolleger at sparre med. Vi gennemgik dagsordenen. {mod} er ordstyrer, og "
                "{mt} skriver referat. Der må ryges udenfor i pausen."
            ),
            "intro": (
                "Alle fortalte om deres arbejdsdag: antallet af børn, hvor længe man har været handicaphjælper, "
                "og hvad der fylder lige nu. Mange nævnte, at det kan være ensomt at arbejde alene i eget hjem."
            ),
            "wishes": (
                "Fællestræk: støtte i hverdagen, faglig sparring og et fast sted at drøfte svære situationer. "
                "Uenighed: om vi også skal læse artikler og arbejde mere teoretisk."
            ),
            "decide": "{mod} foreslog et netværk med faste møder og en fast gruppe. Forslaget blev drøftet, og alle var med.",
            "decisions": [
                "Beslutning: Vi mødes hver fjerde uke, tirsdag kl. 18–21, og holder kontakten på mail imellem.",
                "Beslutning: Gruppen er lukket, med højst 10 deltagere.",
            ],
            "future": "Vi følger mødepakkens dagsorden for andet møde. Værten sørger for kaffe og kage, og vi deler udgiften.",
            "contact_action": "{org} laver en kontaktliste ud fra den liste, der gik rundt",
        },
        "second": {
            "purpose": "{mod} fortalte, at vi i dag skal lægge rammerne for gruppen og planlægge det næste halve år.",
            "frame": "Grupperne skrev deres forslag ned, og {mod} samlede dem på papir.",
            "decisions": [
                "Beslutning: Det, der bliver sagt i gruppen, bliver i gruppen.",
                "Beslutning: Vi melder afbud til ordstyreren, hvis vi bliver forhindret.",
                "Beslutning: {bk} er grænsevogter og kan kalde time-out, hvis etikken kommer i klemme.",
            ],
            "frame_action": "{mt} skriver aftalerne rent og sender dem ud inden næste møde",
            "plan": (
                "Vi lagde en mødeplan for det næste halve år, altid tirsdag kl. 18–21, "
                "og evaluerer efter et halvt år. Temaerne:\n{themes}"
            ),
            "roles": "Ordstyrer og referent går på skift efter kontaktlisten.",
        },
    },
    "en": {
        "group_name": "Disability helpers' network (demo)",
        "purpose": {  # issue 21: decided at the first meeting
            "kinds": ["support", "guidance"],
            "form": "in_person",
            "how_often": "every four weeks, Tuesdays 18-21",
            "where": "at the members' homes in turn",
            "notes": "We are ten at most, and we evaluate after half a year.",
        },
        "role_feedback": {  # (what worked, what to try next time), used in turn
            "moderator": [
                ("Kept the time well, and everyone got to speak.", "Say more clearly when the break ends."),
                ("Calm and kind, also when it got difficult.", "Cut in a little earlier when a round runs long."),
                ("A clear start with the agenda.", "Sum up before moving on to the next item."),
            ],
            "minute_taker": [
                ("The minutes came out the day after.", "Write the decisions with Decision: in front."),
                ("Short and to the point.", "Note who does what with each action."),
                ("A good overview of the round.", "Ask when something was unclear before writing it down."),
            ],
        },
        "conclusions": {
            "content": "The themes were relevant; work injuries and ergonomics need more room.",
            "form": "The talks may be shorter, leaving more time for discussion.",
            "mood": "Safe and open; more of us now bring up our own cases.",
            "wellbeing": "Everyone is well in the group; some miss time to talk about their own limits.",
            "adjust": "Talks of 30 minutes at most, and a shared meal after the next meeting.",
        },
        "own_themes": ["Night shifts and sleep", "Working with the physiotherapist"],
        "agreements": {
            "confidentiality": (
                "What is said in the group stays in the group. We do not talk about each other's cases outside "
                "the meetings and never name children or parents. If something must be taken further, we agree "
                "on it with the whole group first. Our duty of confidentiality as municipal employees applies "
                "here too."
            ),
            "ethics": (
                "We talk about our own ways of working and our dilemmas, not about the private lives of parents "
                "or colleagues. The boundary keeper may stop a discussion and call a time-out when the ethics "
                "come under strain."
            ),
            "attendance": (
                "The meetings come first. If you cannot come, send notice of absence to the moderator by the "
                "day before. We start and finish on time."
            ),
            "personal_limits": (
                "Everyone may always say yes or no. Each decides how much to share; we listen without judging "
                "and give advice only when asked."
            ),
        },
        "places": {
            "home": ("At Anne's, Skovvej 14, Viby J", "At Birgitte's, Egevænget 3, Tranbjerg J",
                     "At Hanne's, Bakkedraget 27, Højbjerg", "At Pia's, Lærkevej 8, Mårslet"),
            "library": "Viby Library, meeting room 2",
        },
        "title_first": "First meeting",
        "title_second": "Second meeting",
        "evaluation": "Evaluation of the first half year",
        "municipality": "Relations with the municipality",
        "themes": [
            ("Relations with the municipality", [
                "Several find it hard to reach the right person at the municipality, and answers take long.",
                "We talked about how to prepare a meeting with the caseworker, and what to have in writing.",
                "Good experience with sending a short e-mail after each phone call, so the agreement is on record.",
            ], "Decision: We make a shared checklist for meetings with the municipality.",
                "{o} drafts the checklist and sends it round"),
            ("Relations with the children and their families", [
                "We talked about setting limits with parents who call outside working hours.",
                "A fixed time and form for the daily handover helps.",
            ], "Decision: We practise the difficult conversation with role play at a later meeting.",
                "{o} finds an article on working with families"),
            ("Organising the work and working hours", [
                "Working hours often slip when parents are late; few have a fixed agreement about it.",
                "We compared weekly schedules and found ideas for gathering the breaks.",
            ], "Decision: We take the question of overtime to the union representative.",
                "{o} contacts the union representative before the next meeting"),
            ("Pedagogical methods", [
                "{o} showed how picture support and fixed day schedules bring calm to the day.",
                "We shared experience with sensory integration and short, fixed activities.",
            ], "", "{o} shares the pictures of the day schedule by e-mail"),
            ("One's own home as a workplace", [
                "Several miss a room in the house that is not a workplace.",
                "We talked about how one's own family is affected when the home is also a workplace.",
            ], "", ""),
            ("Work injuries: what to do", [
                "We went through how to report a work injury, and whom to contact.",
                "It matters to report the injury, also when it seems small.",
            ], "Decision: We gather the reporting guidance on one sheet for everyone.",
                "{o} makes the sheet on reporting work injuries"),
            ("Ergonomic strain", [
                "Transfers and lifting are the biggest strain for most of us.",
                "We talked about aids, and about saying no to lifts one cannot manage alone.",
            ], "", "{o} asks the municipality's occupational therapist to visit a meeting"),
            ("Number and mix of children", [
                "It is hard when children with very different needs are looked after at the same time.",
                "We talked about when to say no to an extra child.",
            ], "", ""),
            ("Furnishing the home: furniture and aids", [
                "{o} showed pictures of a home set up with a ceiling hoist and an adjustable table.",
                "Several have waited long for aids; we shared tips for the application.",
            ], "", "{o} sends round the list of suppliers"),
            ("Appreciative communication", [
                "We did an exercise in pairs with appreciative questions.",
                "It pushed some of us out of our comfort zone, but most got a lot out of it.",
            ], "Decision: We repeat the exercise in half a year.", ""),
            ("Informal roles in groups", [
                "We talked about who takes the floor and who holds back in our group.",
                "It became clear that the same people often take care of the mood.",
            ], "", ""),
            ("Feedback", [
                "We practised giving feedback on the roles of moderator and minute-taker.",
                "Concrete and kind feedback works best.",
            ], "Decision: We give short feedback on the roles in every closing round.", ""),
            ("Reflecting teams", [
                "{o} presented a case, and the group reflected on it without giving advice.",
                "The form brought calm and new angles on the case.",
            ], "", ""),
            ("Handling conflicts", [
                "We talked about conflicts with parents and with the municipality, and about taking them early.",
                "Several write down what happened before having the difficult conversation.",
            ], "", "{o} finds a short video on the conflict ladder"),
        ],
        "evaluation_lines": [
            "We evaluated content, form, mood and well-being in the group.",
            "Everyone finds the themes relevant; the talks could be a little shorter.",
            "The mood feels safe, and more of us now dare to bring our own cases.",
        ],
        "evaluation_decision": "Decision: We keep the same form of meeting and share a meal after the next meeting.",
        "evaluation_action": "{o} makes a new meeting plan for the next half year",
        "theme_forms": [
            "{o} gave a talk on the theme from their own experience.",
            "{o} opened with a short article, which we discussed afterwards.",
            "{o} showed a short video and asked questions for discussion.",
            "{o} had prepared questions, which we took a round on.",
        ],
        "and": "and",
        "since": [
            "{a} has a new child in the group; settling in is going better than expected.",
            "{a} took a course in transfers and is happy to share the material.",
            "{a} had a busy month with illness among the children.",
            "{a} has a new caseworker at the municipality.",
            "{a} has a new hoist that makes transfers easier.",
            "{a} had a good talk with the parents about fixed routines.",
            "{a} has been on holiday and is well back into the routine.",
            "{a} tried the idea from the last meeting and it worked well.",
            "{a} is still waiting for the municipality's answer about extra hours.",
            "{a} had back pain but is back full time.",
        ],
        "confidential": [
            "!! {a} told of a difficult situation with a child's parents; it stays in the group.",
            "!! {a} is thinking of quitting because of stress and would like the group's support.",
            "!! {a} had a worrying episode with a child and has talked to their manager about it.",
            "!! {a} is going through a hard time at home; we keep in touch between meetings.",
        ],
        "timeout_notes": [
            "A child was named.",
            "The discussion slid into criticism of a colleague who was not present.",
            "A member shared more than they wanted to; we paused the subject.",
            "A question about what may be passed on to the municipality.",
        ],
        "closing": [
            "Good to have a concrete talk; everyone had their say.",
            "Several said it helps to hear that others face the same challenges.",
            "Valuable to get ideas one can use tomorrow.",
            "The round since last time ran a bit long; next time we keep it shorter.",
            "The mood was good and safe.",
        ],
        "feedback": [
            "{mod} was praised for keeping time as moderator.",
            "{mt} was thanked for good minutes.",
            "{bk} was a clear boundary keeper.",
        ],
        "aob": [
            "Nothing.",
            "{a} reminds us of the course on transfers next month.",
            "We are out of coffee filters and tea; {a} buys some.",
            "{a} has a book on sleep in disabled children to lend.",
        ],
        "break_line": "Break {start}–{end}.",
        "minutes_action": "{mt} sends the minutes out within a week of the meeting",
        "next_line": (
            "Next meeting: {date} at 18:00, {place}. Moderator: {mod}, minute-taker: {mt}, "
            "boundary keeper: {bk}, host: {host}."
        ),
        "next_theme": "Theme: {theme} (led by {o}).",
        "first": {
            "welcome": (
                "{mod} welcomed everyone and told how the idea of the network came up after a theme day at the "
                "municipality, where several missed colleagues to talk things over with. We went through the "
                "agenda. {mod} is moderator and {mt} takes the minutes. Smoking outside during the break."
            ),
            "intro": (
                "Everyone told about their working day: how many children, how long they have been a disability "
                "helper, and what takes up their mind right now. Many said it can be lonely to work alone in "
                "one's own home."
            ),
            "wishes": (
                "Shared: support in daily work, professional sparring and a fixed place to talk over hard "
                "situations. Disagreement: whether we should also read articles and work more with theory."
            ),
            "decide": "{mod} proposed a network with regular meetings and a fixed group. We discussed it, and everyone agreed.",
            "decisions": [
                "Decision: We meet every four weeks, Tuesdays 18–21, and keep in touch by e-mail in between.",
                "Decision: The group is closed, with at most 10 members.",
            ],
            "future": (
                "We follow the booklet's agenda for the second meeting. The host provides coffee and cake, and we share the cost."
            ),
            "contact_action": "{org} makes a contact list from the sheet that went round",
        },
        "second": {
            "purpose": "{mod} said that today we set the frame for the group and plan the next half year.",
            "frame": "The groups wrote down their proposals, and {mod} collected them on paper.",
            "decisions": [
                "Decision: What is said in the group stays in the group.",
                "Decision: We send notice of absence to the moderator if we cannot come.",
                "Decision: {bk} is boundary keeper and can call a time-out when the ethics come under strain.",
            ],
            "frame_action": "{mt} writes up the agreements and sends them out before the next meeting",
            "plan": (
                "We made a meeting plan for the next half year, always Tuesdays 18–21, "
                "and evaluate after half a year. The themes:\n{themes}"
            ),
            "roles": "Moderator and minute-taker rotate in the order of the contact list.",
        },
    },
}
