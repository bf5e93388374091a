"""Places: recognition with the real model, resolution to canonical records, the place of an event."""

from __future__ import annotations

import io
import json
import math
from contextlib import redirect_stdout

import pytest

from extractors import places

# mention, sentence, country, admin1, precision, GeoNames id (points only; None = not checked)
RESOLVE = [
    # the domain: Russia's regions and towns
    (
        "Kursk region",
        "Hundreds were deployed to the country's western Kursk region since around July.",
        "RUS",
        "RU-KRS",
        "admin1",
        None,
    ),
    ("Kursk oblast", "North Korean soldiers fought in the Kursk oblast last winter.", "RUS", "RU-KRS", "admin1", None),
    ("Kursk", "North Korean troops are stationed in Kursk, Ukrainian intelligence said.", "RUS", "RU-KRS", "admin1", None),
    ("Kursk", "The city of Kursk has a university and a railway station.", "RUS", "RU-KRS", "point", 538560),
    (
        "Russia's Far East",
        "North Korean laborers were dispatched to Russia's Far East for temporary work.",
        "RUS",
        None,
        "region",
        None,
    ),
    ("Far East", "The workers arrived in the Far East on a chartered flight.", "RUS", None, "region", None),
    ("Russia’s Far East", "Laborers who have traveled to Russia’s Far East signed contracts.", "RUS", None, "region", None),
    ("Vladivostok", "The ferry from Rajin docked in Vladivostok on Tuesday.", "RUS", "RU-PRI", "point", 2013348),
    ("Primorye", "Construction sites in Primorye employ North Korean workers.", "RUS", "RU-PRI", "admin1", None),
    ("Primorsky Krai", "The governor of Primorsky Krai visited Pyongyang.", "RUS", "RU-PRI", "admin1", None),
    ("Khabarovsk", "Some of the recruits trained near Khabarovsk.", "RUS", "RU-KHA", "point", 2022890),
    ("Khabarovsk Krai", "Workers were sent to Khabarovsk Krai to build housing.", "RUS", "RU-KHA", "admin1", None),
    (
        "Alabuga special economic zone",
        "Drones are assembled in the Alabuga special economic zone in Tatarstan.",
        "RUS",
        "RU-TA",
        "point",
        None,
    ),
    ("Tatarstan", "Drones are assembled in the Alabuga special economic zone in Tatarstan.", "RUS", "RU-TA", "admin1", None),
    ("Yelabuga", "Young women were recruited to work in Yelabuga.", "RUS", "RU-TA", "point", 468082),
    ("Kazan", "The delegation then flew to Kazan.", "RUS", "RU-TA", "point", 551487),
    ("Moscow", "Kim Jong Un's envoy arrived in Moscow for talks.", "RUS", "RU-MOW", "point", 524901),
    ("Moscow region", "A training camp in the Moscow region hosted the soldiers.", "RUS", "RU-MOS", "admin1", None),
    ("St. Petersburg", "The forum in St. Petersburg drew North Korean officials.", "RUS", "RU-SPE", "point", 498817),
    ("Leningrad region", "A shipyard in the Leningrad region hired foreign workers.", "RUS", "RU-LEN", "admin1", None),
    ("Belgorod", "Shelling hit Belgorod overnight.", "RUS", "RU-BEL", None, None),
    ("Belgorod region", "Troops were moved to the Belgorod region.", "RUS", "RU-BEL", "admin1", None),
    ("Bryansk region", "Air defences shot down drones over the Bryansk region.", "RUS", "RU-BRY", "admin1", None),
    ("Rostov region", "The town of Donetsk in Russia's Rostov region lies near the border.", "RUS", "RU-ROS", "admin1", None),
    ("Rostov-on-Don", "Wounded soldiers were treated in Rostov-on-Don.", "RUS", "RU-ROS", "point", 501175),
    ("Sudzha", "Russian forces retook Sudzha in March.", "RUS", "RU-KRS", "point", 486816),
    ("Amur region", "The Vostochny Cosmodrome in the Amur region hosted the summit.", "RUS", "RU-AMU", "admin1", None),
    ("Vostochny Cosmodrome", "The leaders met at the Vostochny Cosmodrome.", "RUS", "RU-AMU", "point", None),
    ("Blagoveshchensk", "The group crossed into Blagoveshchensk by rail.", "RUS", "RU-AMU", "point", 2026609),
    ("Ulan-Ude", "The soldiers trained near Ulan-Ude in Buryatia.", "RUS", "RU-BU", "point", 2014407),
    ("Buryatia", "The soldiers trained near Ulan-Ude in Buryatia.", "RUS", "RU-BU", "admin1", None),
    ("Nakhodka", "Cargo ships sailed from Rajin to Nakhodka.", "RUS", "RU-PRI", "point", 2019528),
    ("Khasan", "The road bridge at Khasan links the two countries.", "RUS", "RU-PRI", "point", None),
    ("Chechnya", "Units from Chechnya joined the fighting.", "RUS", "RU-CE", "admin1", None),
    ("Siberia", "The laborers were sent to logging camps in Siberia.", "RUS", None, "region", None),
    ("Russia", "North Korea sent 10,000 troops to Russia, Seoul said.", "RUS", None, "country", None),
    # Ukraine
    ("Donetsk", "The town of Donetsk in Russia's Rostov region lies near the border.", "RUS", "RU-ROS", "point", 565348),
    ("Donetsk", "Donetsk, the largest city of the Donbas, has a football stadium.", "UKR", "UA-14", "point", 709717),
    ("Donetsk", "Russian forces pressed their offensive in occupied Donetsk.", "UKR", "UA-14", "admin1", None),
    ("Donetsk region", "The village lies in Ukraine's Donetsk region.", "UKR", "UA-14", "admin1", None),
    ("Donetsk oblast", "Fighting raged across Donetsk oblast.", "UKR", "UA-14", "admin1", None),
    ("Luhansk", "Russia claims full control of Luhansk after months of fighting.", "UKR", "UA-09", "admin1", None),
    ("Luhansk region", "Shelling continued in the Luhansk region.", "UKR", "UA-09", "admin1", None),
    ("Lugansk", "The railway station in Lugansk reopened.", "UKR", "UA-09", "point", 702658),
    ("Donbas", "The war in the Donbas began in 2014.", "UKR", None, "region", None),
    ("Kharkiv", "A missile struck an apartment block in Kharkiv.", "UKR", "UA-63", "point", 706483),
    ("Kharkov", "Officials in Kharkov reported new strikes.", "UKR", "UA-63", "point", 706483),
    ("Kharkiv region", "Villages in the Kharkiv region were evacuated.", "UKR", "UA-63", "admin1", None),
    ("Kyiv", "Officials in Kyiv said the soldiers were captured.", "UKR", "UA-30", "point", 703448),
    ("Kiev", "Officials in Kiev said the soldiers were captured.", "UKR", "UA-30", "point", 703448),
    ("Kyiv region", "Air raid alerts sounded across the Kyiv region.", "UKR", "UA-32", "admin1", None),
    ("Zaporizhzhia region", "Russian troops advanced in the Zaporizhzhia region.", "UKR", "UA-23", "admin1", None),
    ("Kherson", "Residents of Kherson left the city by bus.", "UKR", "UA-65", None, None),
    ("Bakhmut", "The battle for Bakhmut lasted months.", "UKR", "UA-14", "point", 713174),
    ("Pokrovsk", "Russian units pushed toward Pokrovsk.", "UKR", "UA-14", "point", 704422),
    ("Mariupol", "The steel plant in Mariupol was destroyed.", "UKR", "UA-14", "point", 701822),
    ("Odesa", "Grain ships left Odesa on Monday.", "UKR", "UA-51", "point", 698740),
    ("Crimea", "Russia annexed Crimea in 2014.", "UKR", "UA-43", "admin1", None),
    ("Sevastopol", "The fleet is based in Sevastopol.", "UKR", "UA-40", "point", 694423),
    ("Sumy region", "Cross-border raids hit the Sumy region.", "UKR", "UA-59", "admin1", None),
    ("Donetsk People's Republic", "He served in the army of the Donetsk People's Republic.", "UKR", "UA-14", "admin1", None),
    ("Ukraine", "Ukrainian officials said North Korean soldiers were fighting in Ukraine.", "UKR", None, "country", None),
    # the Koreas
    ("Pyongyang", "The delegation left Pyongyang by train.", "PRK", "KP-01", "point", 1871859),
    ("North Korea", "North Korea confirmed in April that it sent troops to Russia.", "PRK", None, "country", None),
    ("DPRK", "The DPRK dispatched engineers to Russia.", "PRK", None, "country", None),
    ("Wonsan", "Ships loaded containers in Wonsan.", "PRK", "KP-07", "point", 1866923),
    ("Sinuiju", "Trucks crossed the border at Sinuiju.", "PRK", "KP-03", "point", 2040893),
    ("Chongjin", "Factories in Chongjin produce shells.", "PRK", "KP-09", "point", 2044757),
    ("Hamhung", "The missile was fired from near Hamhung.", "PRK", "KP-08", "point", 1877449),
    ("Kaesong", "The industrial park in Kaesong closed in 2016.", "PRK", "KP-15", "point", 1876373),
    ("Rason", "Russian tourists returned to Rason.", "PRK", "KP-13", "admin1", None),
    ("Yongbyon", "The reactor at Yongbyon was restarted.", "PRK", "KP-03", "point", 1866453),
    ("Sohae", "Satellite images of Sohae show new construction.", "PRK", "KP-03", "point", None),
    ("South Hamgyong Province", "The troops came from South Hamgyong Province.", "PRK", "KP-08", "admin1", None),
    ("Korean Peninsula", "Tensions on the Korean Peninsula rose.", None, None, "region", None),
    ("Seoul", "Officials in Seoul said 3,000 more troops were sent.", "KOR", "KR-11", "point", 1835848),
    ("South Korea", "South Korea's spy agency briefed lawmakers.", "KOR", None, "country", None),
    # homonyms, abbreviations and the rest of the world
    ("Paris", "Police in Paris, Texas, arrested two men on Friday.", "USA", "US-TX", "point", 4717560),
    ("Paris", "Ministers met in Paris to discuss Ukraine.", "FRA", None, "point", 2988507),
    ("Georgia", "Georgia and Armenia border Russia in the Caucasus.", "GEO", None, "country", None),
    ("Georgia", "He moved to Atlanta, Georgia, last year.", "USA", "US-GA", "admin1", None),
    ("Atlanta", "He moved to Atlanta, Georgia, last year.", "USA", "US-GA", "point", 4180439),
    ("Tbilisi", "Protesters gathered in Tbilisi.", "GEO", None, "point", 611717),
    ("Florida", "The storm hit Florida on Monday.", "USA", "US-FL", "admin1", None),
    ("Ontario", "Wildfires spread across northern Ontario.", "CAN", "CA-ON", "admin1", None),
    ("U.S.", "The U.S. imposed sanctions on the shipping firms.", "USA", None, "country", None),
    ("D.C.", "She lives in Washington, D.C.", "USA", "US-DC", "point", 4140963),
    ("Ky.", "The plant in Louisville, Ky., will close.", "USA", "US-KY", "admin1", None),
    ("NSW", "Floods hit towns in northern NSW.", "AUS", "AU-NSW", "admin1", None),
    ("Washington", "Washington and Seoul held joint drills.", "USA", "US-DC", "point", 4140963),
    ("Washington state", "Apple growers in Washington state hired workers.", "USA", "US-WA", "admin1", None),
    ("New York", "The UN General Assembly met in New York.", "USA", "US-NY", "point", 5128581),
    ("Bavaria", "Factories in Bavaria cut jobs.", "DEU", "DE-BY", "admin1", None),
    ("Beijing", "Beijing called for restraint.", "CHN", None, "point", 1816670),
    ("Dandong", "Trade through Dandong has resumed.", "CHN", None, "point", 2037886),
    ("Tokyo", "Tokyo lodged a protest.", "JPN", None, "point", 1850147),
    ("London", "The talks were held in London.", "GBR", "GB-ENG", "point", 2643743),
    ("Portland", "Protesters marched in Portland, Oregon.", "USA", "US-OR", "point", 5746545),
    ("Mumbai", "The ship docked in Mumbai.", "IND", "IN-MH", "point", 1275339),
    ("Europe", "Gas prices in Europe fell.", None, None, "region", None),
]


@pytest.mark.parametrize("mention,sentence,country,admin1,precision,gid", RESOLVE, ids=[f"{r[0]}|{r[1][:30]}" for r in RESOLVE])
def test_resolve_place(mention, sentence, country, admin1, precision, gid):
    record = places.resolve_place(mention, sentence)
    assert record is not None, f"{mention!r} not resolved"
    assert record.country == country, record.explanation
    assert record.admin1 == admin1, record.explanation
    if precision is not None:
        assert record.precision == precision, record.explanation
    if gid is not None:
        assert record.geonames_id == gid, record.explanation
    if record.precision in ("point", "admin1", "country"):
        assert record.latitude is not None and record.longitude is not None
    assert record.explanation


def test_table_is_large_enough():
    assert len(RESOLVE) >= 80


@pytest.mark.parametrize("mention,sentence,country,admin1,precision,gid", RESOLVE, ids=[f"{r[0]}|{r[1][:30]}" for r in RESOLVE])
def test_find_places_recognizes_and_resolves(nlp, mention, sentence, country, admin1, precision, gid):
    doc = nlp(sentence)
    found = {m.text: m for m in places.find_places(doc)}
    assert mention in found or any(mention in t for t in found), f"{mention!r} not found in {list(found)}"
    m = found.get(mention) or next(found[t] for t in found if mention in t)
    assert sentence[m.start_char : m.end_char] == m.text
    assert m.record is not None and m.record.country == country


NON_PLACES = [
    ("Ukrainian forces repelled the attack.", "Ukrainian"),
    ("The Russian Defense Ministry did not comment.", "Russian"),
    ("The Russian Defense Ministry did not comment.", "Defense"),
    ("North Korean soldiers wore Russian uniforms.", "North Korean"),
    ("Reading the report, he frowned.", "Reading"),
    ("Mobile phones were confiscated.", "Mobile"),
    ("Of the 11,000 troops, hundreds were wounded.", "Of"),
    ("In March, the troops moved again.", "March"),
    ("The National Guard can help.", "Guard"),
    ("Can the army recruit more men?", "Can"),
    ("By Japan Today Editor", "Today"),
    ("The Kyiv Independent reported the attack.", "Kyiv"),
    ("President Trump spoke with Vladimir Putin on Sunday.", "Vladimir"),
    ("Sunday's briefing was short.", "Sunday"),
    ("Kim Jong Un inspected the factory.", "Kim"),
    ("Bath towels and soap were sent.", "Bath"),
]


@pytest.mark.parametrize("sentence,word", NON_PLACES)
def test_non_places_are_not_marked(nlp, sentence, word):
    doc = nlp(sentence)
    texts = [s.text for s in doc.spans["places"]]
    assert not any(word == t or t.startswith(word + " ") for t in texts), texts


def test_non_place_mentions_resolve_to_none():
    for mention in ("Ukrainian", "Russian", "March", "blorptown", ""):
        assert places.resolve_place(mention) is None


def test_ruler_is_idempotent_and_keeps_ents(nlp):
    n = len(nlp.pipe_names)
    places.add_place_ruler(nlp)
    assert len(nlp.pipe_names) == n and nlp.pipe_names.count(places.COMPONENT) == 1
    assert nlp.pipe_names.index(places.COMPONENT) > nlp.pipe_names.index("ner")
    doc = nlp("Hundreds were deployed to the Kursk region since around July.")
    assert any(e.label_ == "DATE" for e in doc.ents)  # the model's entities are untouched
    assert [s.text for s in doc.spans["places"]] == ["Kursk region"]


def test_gazetteer_is_built_once():
    assert places.gazetteer() is places.gazetteer()


def test_explanation_says_why():
    r = places.resolve_place("Donetsk", "The town of Donetsk in Russia's Rostov region lies near the border.")
    text = " ".join(r.explanation)
    assert "RU-ROS" in text and "context" in text and "over" in text


def test_admin1_and_country_points_are_not_capitals():
    russia = places.resolve_place("Russia")
    assert (russia.latitude, russia.longitude) != (55.75204, 37.61781)
    assert _km(russia.latitude, russia.longitude, 60.0, 100.0) < 200
    florida = places.resolve_place("Florida")
    assert _km(florida.latitude, florida.longitude, 30.44, -84.28) > 161  # not Tallahassee
    assert _km(florida.latitude, florida.longitude, 28.75, -82.5) < 161  # GeoNames' point for the state
    kursk = places.resolve_place("Kursk region")
    assert _km(kursk.latitude, kursk.longitude, 51.5, 36.0) < 100


def _km(lat1, lon1, lat2, lon2):
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    return 6371 * math.acos(min(1.0, math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)))


# sentence, trigger word, event type, expected place text (None: no place)
EVENT_PLACES = [
    (
        "North Korean laborers dispatched to Russia's Far East for temporary work have enlisted with the Russian "
        "military, with hundreds deployed to the country's western Kursk region since around July.",
        "dispatched",
        "deployment",
        "Russia's Far East",
    ),
    (
        "North Korean laborers dispatched to Russia's Far East for temporary work have enlisted with the Russian "
        "military, with hundreds deployed to the country's western Kursk region since around July.",
        "enlisted",
        "enlistment",
        None,
    ),
    (
        "North Korean laborers dispatched to Russia's Far East for temporary work have enlisted with the Russian "
        "military, with hundreds deployed to the country's western Kursk region since around July.",
        "deployed",
        "deployment",
        "Kursk region",
    ),
    ("North Korea sent 10,000 troops to Russia, Seoul said.", "sent", "deployment", "Russia"),
    ("The soldiers arrived in Vladivostok by ship from Wonsan.", "arrived", "deployment", "Vladivostok"),
    ("North Korean troops are stationed in the Kursk region.", "stationed", "deployment", "Kursk region"),
    ("North Korean troops are in Russia.", "are", "deployment", "Russia"),
    ("North Korea confirmed in April that it sent troops to Russia.", "confirmed", "confirmation", None),
    ("North Korea confirmed in April that it sent troops to Russia.", "sent", "deployment", "Russia"),
    ("The men signed contracts with the Russian army in Vladivostok.", "signed", "enlistment", "Vladivostok"),
    ("Dozens of North Korean soldiers were killed in fighting in the Kursk region.", "killed", "casualty", "Kursk region"),
    ("Russia's defense ministry denied that troops were sent to Ukraine.", "denied", "denial", None),
    ("Russia's defense ministry denied that troops were sent to Ukraine.", "sent", "deployment", "Ukraine"),
    ("Kyiv says troops who trained in Primorye were deployed to the front.", "deployed", "deployment", None),
    ("Pyongyang dispatched engineers from Wonsan to Russia's Far East.", "dispatched", "deployment", "Russia's Far East"),
    ("Workers were deployed to the country’s western Kursk region.", "deployed", "deployment", "Kursk region"),
    ("The brigade fought near Pokrovsk after it was sent from Kursk.", "fought", "combat", "Pokrovsk"),
]


@pytest.mark.parametrize("sentence,word,event_type,expected", EVENT_PLACES)
def test_place_for_event(nlp, sentence, word, event_type, expected):
    doc = nlp(sentence)
    mentions = places.find_places(doc)
    trigger = next(t for t in doc if t.text == word)
    chosen = places.place_for_event(trigger, event_type, mentions)
    assert (chosen.text if chosen else None) == expected


def _cli(argv):
    from flows.cli import main

    buf = io.StringIO()
    with redirect_stdout(buf):
        rc = main(argv)
    return rc, buf.getvalue()


def test_cli_single_mention_and_explain():
    rc, out = _cli(["resolve-place", "Kursk region", "--context", "Troops were sent to the Kursk region."])
    assert rc == 0
    rec = json.loads(out)
    assert rec["place_admin1"] == "RU-KRS" and rec["place_precision"] == "admin1" and rec["place_country"] == "RUS"
    rc, out = _cli(["resolve-place", "Donetsk", "--context", "The town of Donetsk in Russia's Rostov region.", "--explain"])
    assert json.loads(out)["place_country"] == "RUS" and json.loads(out)["explanation"]
    rc, out = _cli(["resolve-place", "Ukrainian"])
    assert rc == 0 and json.loads(out) is None


def test_cli_jsonl_keeps_order(tmp_path):
    src = tmp_path / "mentions.jsonl"
    items = [
        {"mention": "Paris", "context": "Police in Paris, Texas, said."},
        {"mention": "Ukrainian"},
        {"mention": "Kharkov", "context": None},
        {"mention": "Pyongyang", "context": "It left Pyongyang."},
    ]
    src.write_text("\n".join(json.dumps(i) for i in items) + "\n", encoding="utf-8")
    rc, out = _cli(["resolve-place", "--jsonl", str(src)])
    lines = [json.loads(x) for x in out.splitlines()]
    assert rc == 0 and len(lines) == 4
    assert lines[0]["place_admin1"] == "US-TX" and lines[1] is None
    assert lines[2]["place_geonames_id"] == 706483 and lines[3]["place_country"] == "PRK"


def test_cli_rejects_bad_input(tmp_path, capsys):
    from flows.cli import main

    assert main(["resolve-place"]) == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    assert main(["resolve-place", "--jsonl", str(bad)]) == 2
    assert "expected a JSON object" in capsys.readouterr().err


def test_ruler_on_a_blank_pipeline():
    import spacy

    blank = spacy.blank("en")
    places.add_place_ruler(blank)
    places.add_place_ruler(blank)
    assert blank.pipe_names == [places.COMPONENT]
    doc = blank("Troops moved from Pyongyang to the Kursk region and Russia’s Far East.")
    assert [s.text for s in doc.spans["places"]] == ["Pyongyang", "Kursk region", "Russia’s Far East"]
    assert [m.record.admin1 for m in places.find_places(doc)] == ["KP-01", "RU-KRS", None]


def test_gazetteer_cache_round_trip(tmp_path, monkeypatch):
    """The built gazetteer is cached under a name that hashes its inputs; the cached copy is the same
    gazetteer; a damaged cache file is rebuilt, not trusted; MUSTER_CACHE_DIR=off disables the cache."""
    monkeypatch.setenv("MUSTER_CACHE_DIR", str(tmp_path))
    path = places.gazetteer_cache_path(places.DEFAULT_MIN_POPULATION)
    assert path.parent == tmp_path and not path.exists()
    assert places.gazetteer_cache_path(5000) != path  # the threshold is part of the key
    places.gazetteer.cache_clear()
    try:
        built = places.gazetteer()
        assert path.is_file()
        places.gazetteer.cache_clear()
        loaded = places.gazetteer()
        assert loaded is not built
        assert loaded.index == built.index and loaded.entries == built.entries and loaded.abbrev == built.abbrev
        assert loaded.first_words == built.first_words
        assert places.resolve_place("Kursk region").admin1 == "RU-KRS"
        path.write_bytes(b"not a pickle")
        places.gazetteer.cache_clear()
        assert places.gazetteer().index == built.index
        assert path.stat().st_size > 1000  # rewritten
    finally:
        places.gazetteer.cache_clear()
    monkeypatch.setenv("MUSTER_CACHE_DIR", "off")
    assert places.gazetteer_cache_path(places.DEFAULT_MIN_POPULATION) is None


# ---- demonyms are never places -------------------------------------------------------------------

DEMONYMS = [
    "Canadian",
    "Canadians",
    "North Korean",
    "Ukrainian",
    "Texan",
    "Australian",
    "South Korean",
    "Syrian",
    "European",
    "Congolese",
]


@pytest.mark.parametrize("word", DEMONYMS)
def test_demonyms_resolve_to_none(word):
    assert places.resolve_place(word, f"{word} officials said the talks went well.") is None
    assert places.resolve_place(word) is None


def test_demonyms_never_become_an_events_place(nlp):
    doc = nlp("Canadian and Australian troops were deployed to Latvia last year.")
    mentions = places.find_places(doc)
    assert all(m.text not in ("Canadian", "Australian") for m in mentions if m.record is not None)
    trigger = next(t for t in doc if t.text == "deployed")
    chosen = places.place_for_event(trigger, "deployment", mentions)
    assert chosen is not None and chosen.text == "Latvia" and chosen.record.country == "LVA"


# ---- article-level evidence ----------------------------------------------------------------------

# mention, its sentence, the article it comes from, country, admin1
IN_ARTICLE = [
    (
        "Churchill",
        "Polar bears were seen near Churchill again on Sunday.",
        "Tourists flock to Churchill, Man., each autumn.\nPolar bears were seen near Churchill again on Sunday.",
        "CAN",
        "CA-MB",
    ),
    (
        "Nelson",
        "The council in Nelson approved the budget.",
        "Smoke drifted over Nelson, B.C., and Castlegar.\nThe council in Nelson approved the budget.",
        "CAN",
        "CA-BC",
    ),
    (
        "Edmonton",
        "Evacuees were bused to Edmonton overnight.",
        "Fires forced thousands out of Fort McMurray in Alberta.\nEvacuees were bused to Edmonton overnight.",
        "CAN",
        "CA-AB",
    ),
    (
        "Georgia",
        "Crews in Georgia worked through the night.",
        "The storm hit Savannah and Macon before moving north.\nCrews in Georgia worked through the night.",
        "USA",
        "US-GA",
    ),
    (
        "Georgia",
        "Georgia said it would hold talks.",
        "Protesters filled the streets of Tbilisi and Batumi.\nGeorgia said it would hold talks.",
        "GEO",
        None,
    ),
    (
        "Paris",
        "The fire reached Paris by evening.",
        "Ranchers near Paris, Texas, and Clarksville, Texas, moved their cattle.\nThe fire reached Paris by evening.",
        "USA",
        "US-TX",
    ),
    (
        "Victoria",
        "Ferries to Victoria were cancelled.",
        "Snow closed roads across Vancouver Island and Nanaimo, B.C.\nFerries to Victoria were cancelled.",
        "CAN",
        "CA-BC",
    ),
]


@pytest.mark.parametrize("mention,sentence,article,country,admin1", IN_ARTICLE, ids=[f"{r[0]}|{r[3]}" for r in IN_ARTICLE])
def test_article_evidence_decides(mention, sentence, article, country, admin1):
    record = places.resolve_place(mention, sentence, article)
    assert record is not None and record.country == country, record and record.explanation
    assert record.admin1 == admin1, record.explanation
    assert any(line.startswith("article evidence") for line in record.explanation)


def test_flow_path_passes_the_article(nlp):
    """resolve_spans (what extract_events calls per sentence) gives the whole Doc as article evidence."""
    doc = nlp("Tourists flock to Churchill, Man., each autumn.\nPolar bears were seen near Churchill again on Sunday.")
    second = [m for m in places.find_places(doc) if m.text == "Churchill"][-1]
    assert second.start_char > 40 and second.record.admin1 == "CA-MB"
    assert any("article evidence" in line for line in second.record.explanation)


# ---- coverage: counties, abbreviations, regions, territories -------------------------------------

COVERAGE = [
    ("Gaines County", "An outbreak centred in Gaines County spread.", "USA", "US-TX", "region"),
    ("Adair County", "Schools in Adair County, Kentucky, closed.", "USA", "US-KY", "region"),
    ("B.C.", "Wildfires burned across B.C. this week.", "CAN", "CA-BC", "admin1"),
    ("Man.", "He grew up in Churchill, Man., on the bay.", "CAN", "CA-MB", "admin1"),
    ("SA", "Floods cut roads near Murray Bridge, SA, overnight.", "AUS", "AU-SA", "admin1"),
    ("KY", "The plant is in Georgetown, KY near Lexington.", "USA", "US-KY", "admin1"),
    ("Qld", "Storms lashed towns across Qld.", "AUS", "AU-QLD", "admin1"),
    ("North Africa", "Migrants crossed from North Africa.", None, None, "region"),
    ("Middle East", "Oil prices rose on fears of war in the Middle East.", None, None, "region"),
    ("West Coast", "Heat gripped the West Coast.", "USA", None, "region"),
    ("Eastern Ghouta", "Shelling hit Eastern Ghouta again.", "SYR", "SY-RD", "region"),
    ("Holy See", "The Holy See issued a statement.", "VAT", None, "country"),
    ("Guam", "Typhoon warnings were issued for Guam.", "GUM", None, "country"),
    ("Churchill", "Polar bears roam near Churchill, Manitoba.", "CAN", "CA-MB", "point"),
]


@pytest.mark.parametrize("mention,sentence,country,admin1,precision", COVERAGE, ids=[r[0] for r in COVERAGE])
def test_coverage(mention, sentence, country, admin1, precision):
    record = places.resolve_place(mention, sentence)
    assert record is not None, f"{mention!r} not resolved"
    assert (record.country, record.admin1, record.precision) == (country, admin1, precision), record.explanation
    assert record.latitude is not None and record.longitude is not None


def test_postal_codes_only_after_a_comma():
    assert places.resolve_place("KY", "KY is a two-letter code.") is None
    assert places.resolve_place("OR", "Pick one OR the other.") is None
    assert places.resolve_place("OR", "She lives in Eugene, OR and teaches.").admin1 == "US-OR"


def test_towns_of_500_people_and_geonames_ids():
    g = places.gazetteer()
    assert g.min_population == 500
    record = places.resolve_place("Fort Nelson", "Residents of Fort Nelson, B.C., left their homes.")
    assert record.admin1 == "CA-BC" and record.geonames_id == 5955902 and record.precision == "point"


def test_county_point_comes_from_its_towns_in_the_data():
    article = "Storms hit Bowling Green and Glasgow, Ky., overnight.\nDamage was worst in Warren County, officials said."
    record = places.resolve_place("Warren County", "Damage was worst in Warren County, officials said.", article)
    assert record.admin1 == "US-KY" and record.precision == "region"
    assert _km(record.latitude, record.longitude, 36.99, -86.44) < 100  # near Bowling Green, not the state's centre
    assert "median of its" in " ".join(record.explanation)


def test_county_without_a_point_takes_the_articles_towns():
    article = "Storms hit Bowling Green and Glasgow, Ky., overnight.\nDamage was worst in Warren County, officials said."
    g = places.gazetteer()
    state = g.entries[g.by_admin1["US-KY"]]
    bare = places.Entry(
        "admin2",
        "Warren County",
        "USA",
        "US-KY",
        None,
        state.latitude,
        state.longitude,
        "region",
        coord_source="state point (no county point in the data)",
    )
    view = places._article_evidence(places._article_cues(article), "warren county")
    expl: list[str] = []
    moved = places._county_point(bare, view, expl)
    assert _km(moved.latitude, moved.longitude, 36.99, -86.44) < 100
    assert "article's" in moved.coord_source
    # a county with its own point keeps it
    own = bare._replace(latitude=37.0, longitude=-86.4, coord_source="median of its 2 GeoNames town(s)")
    assert places._county_point(own, view, expl) is own


def test_world_admin2_from_the_data():
    record = places.resolve_place("Gautam Buddha Nagar", "Cases rose in Gautam Buddha Nagar district.")
    assert record is not None and record.country == "IND" and record.admin1 == "IN-UP" and record.precision == "region"
    assert _km(record.latitude, record.longitude, 28.4, 77.5) < 100
    kent = places.resolve_place("Kent", "Flooding closed roads across Kent, England, on Monday.")
    assert kent is not None and kent.country == "GBR"


def test_abbreviation_loader_rejects_unknown_and_missing_keys(tmp_path):
    good = places.load_abbreviations()
    assert any(a.code == "CA-BC" and "B.C." in a.forms for a in good)
    bad = tmp_path / "a.toml"
    bad.write_text('[[subdivision]]\ncode = "US-KY"\nforms = ["Ky."]\nafter_coma = ["KY"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="unknown keys"):
        places.load_abbreviations(bad)
    bad.write_text('[[subdivision]]\ncode = "US-KY"\nforms = ["Ky."]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="missing"):
        places.load_abbreviations(bad)
    bad.write_text('[[subdivision]]\ncode = "Kentucky"\nforms = []\nafter_comma = []\n', encoding="utf-8")
    with pytest.raises(ValueError, match="ISO 3166-2"):
        places.load_abbreviations(bad)


def test_cli_jsonl_takes_an_article_and_explains_it(tmp_path):
    article = "Tourists flock to Churchill, Man., each autumn.\nPolar bears were seen near Churchill again."
    src = tmp_path / "m.jsonl"
    src.write_text(
        json.dumps({"mention": "Churchill", "context": "Polar bears were seen near Churchill again.", "article": article})
        + "\n"
        + json.dumps({"mention": "Canadian"})
        + "\n",
        encoding="utf-8",
    )
    rc, out = _cli(["resolve-place", "--jsonl", str(src), "--explain"])
    first, second = [json.loads(x) for x in out.splitlines()]
    assert rc == 0 and first["place_admin1"] == "CA-MB" and second is None
    assert any(line.startswith("article evidence") and "CA-MB" in line for line in first["explanation"])


@pytest.mark.parametrize(
    "mention,sentence",
    [
        ("Hart", "Hart and Taylor County saw tornadoes."),
        ("Bullitt", "Bullitt, Christian and Warren counties also had damage."),
        ("Warren", "Bullitt, Christian and Warren counties also had damage."),
    ],
)
def test_a_conjunct_shares_the_county_head(mention, sentence):
    record = places.resolve_place(mention, sentence, "Storms crossed Kentucky overnight.\n" + sentence)
    assert record.name == f"{mention} County" and record.admin1 == "US-KY", record.explanation


def test_a_misspelling_of_a_place_the_article_names():
    article = "Tornadoes hit Kentucky overnight.\nDamage reached the Bullit County line near Louisville."
    record = places.resolve_place("Bullit County", "Damage reached the Bullit County line near Louisville.", article)
    assert record.name == "Bullitt County" and record.admin1 == "US-KY", record.explanation
    assert places.resolve_place("Bullit County", "Damage reached the Bullit County line.") is None  # no article: no guess
    assert places.resolve_place("Blorpington", "They moved to Blorpington.", article) is None


def test_an_unknown_name_written_with_its_container_is_placed_there():
    r = places.resolve_place("Fancy Farm", "The picnic at Fancy Farm, Ky., drew crowds.")
    assert r is not None and (r.country, r.admin1, r.precision) == ("USA", "US-KY", "admin1")
    assert "not in the gazetteer" in r.explanation[0]
    r = places.resolve_place("Capel Curig", "Snow fell in Capel Curig, Wales, overnight.")
    assert r is not None and r.country == "GBR"
    # a list is not a container; an unknown name written alone stays unanswered
    assert places.resolve_place("Fancy Farm", "Crowds went to Fancy Farm, Mayfield and Paducah.") is None
    assert places.resolve_place("Zyxville", "Zyxville is small.") is None


def test_an_unknown_name_lies_where_the_article_mostly_is():
    # sentences written for this test: an article about Assam names a village no gazetteer here holds
    article = (
        "Floods hit Assam again this week.\n"
        "Guwahati and Dibrugarh reported rising rivers, and officials in Assam opened camps.\n"
        "In Xoragaon Tup, a village on the river, families moved to higher ground."
    )
    sentence = article.splitlines()[-1]
    r = places.resolve_place("Xoragaon Tup", sentence, article)
    assert r is not None and (r.country, r.admin1, r.precision) == ("IND", "IN-AS", "admin1"), r and r.explanation
    assert "not in the gazetteer" in r.explanation[-1]
    # the country alone when the article's subdivisions do not agree
    article2 = "Kerala and Punjab sent teams to Gujarat and Bihar, and India's army helped.\n" + sentence
    r = places.resolve_place("Xoragaon Tup", sentence, article2)
    assert r is not None and (r.country, r.precision) == ("IND", "country"), r and r.explanation
    # no guess when the article's places are spread over countries, without an article, or for a demonym
    mixed = "Talks in Paris, Berlin, Tokyo and Ottawa went on.\n" + sentence
    assert places.resolve_place("Xoragaon Tup", sentence, mixed) is None
    assert places.resolve_place("Xoragaon Tup", sentence) is None
    assert places.resolve_place("Assamese", "Assamese families moved.", article) is None
    assert places.resolve_place("xoragaon tup", sentence, article) is None  # not written as a name


def test_a_town_the_tagger_mistakes_for_a_person_after_a_locative_preposition(nlp):
    # the small model tags "Vladivostok" here as a common noun inside a PERSON entity
    doc = nlp("Pyongyang dispatched 1,000 workers to Vladivostok in May.")
    found = {m.record.name for m in places.find_places(doc) if m.record is not None}
    assert "Vladivostok" in found
    # at a sentence start with no preposition, such a word still needs the tagger's say-so
    doc = nlp("Marion said the talks went well.")
    assert "Marion" not in {m.record.name for m in places.find_places(doc) if m.record is not None}
