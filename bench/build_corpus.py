"""Build a synthetic benchmark corpus: N distinct news articles in the domain's style.

    .venv/bin/python bench/build_corpus.py --n 1000 --out bench/corpus-1000

Writes OUT/NNNNN_<hash>.txt plus OUT/manifest.csv (the same columns as seeds/manifest.csv).
Articles are recombined from ~200 template sentences written in the style of wire reports on
North Korean troops, workers and arms in Russia (deployments, enlistments, confirmations,
denials, casualties, supplies, diplomacy, background), with slots for numbers, places, dates
and actors, so the vocabulary and sentence shapes resemble real news. Each article is 300–600
words and carries a serial number, so no two texts are alike and content hashing cannot skip
them. The output is deterministic for a given --seed and --n.

The corpus is for timing only: it is not gold data, and nothing asserts what is extracted from it.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import random
import re
import shutil
import sys
from pathlib import Path

# --- slot fillers --------------------------------------------------------------------------

RU_REGIONS = [
    "Kursk region",
    "the Kursk region",
    "Belgorod region",
    "Bryansk region",
    "Primorsky Krai",
    "Khabarovsk Krai",
    "the Amur region",
    "Rostov region",
    "the Moscow region",
    "Russia's Far East",
    "the Kursk border area",
    "Sakhalin",
]
UA_AREAS = [
    "Donetsk",
    "Luhansk",
    "Zaporizhzhia",
    "Kherson",
    "the Donbas",
    "Crimea",
    "occupied Mariupol",
    "eastern Ukraine",
    "the Donetsk region",
    "the Kharkiv front",
    "Pokrovsk",
    "Sumy region",
]
CITIES = [
    "Vladivostok",
    "Khabarovsk",
    "Moscow",
    "Nakhodka",
    "Ussuriysk",
    "Sudzha",
    "Kursk",
    "Rostov-on-Don",
    "Novosibirsk",
    "Blagoveshchensk",
    "Komsomolsk-on-Amur",
    "Yekaterinburg",
    "St. Petersburg",
    "Kazan",
]
NK_PLACES = ["Pyongyang", "Rason", "Wonsan", "Chongjin", "Sinuiju", "Nampo", "Hamhung", "the port of Rajin"]
OTHER_CAPITALS = ["Seoul", "Kyiv", "Tokyo", "Washington", "Beijing", "Brussels", "London", "Berlin"]

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTH_ABBR = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

SOURCES = [
    "South Korea's National Intelligence Service",
    "the National Intelligence Service",
    "Ukraine's military intelligence agency",
    "Ukraine's defense intelligence directorate (HUR)",
    "the Pentagon",
    "NATO Secretary General Mark Rutte",
    "the Ukrainian General Staff",
    "a senior U.S. official",
    "Seoul's Joint Chiefs of Staff",
    "Ukrainian President Volodymyr Zelensky",
    "Japanese defense officials",
    "lawmaker Lee Seong-kweun",
    "an independent monitoring group",
    "the Institute for the Study of War",
    "British defence intelligence",
    "a Ukrainian special forces unit",
    "U.S. Secretary of State Antony Blinken",
    "South Korea's Defense Ministry",
    "a Western diplomat",
    "the U.S. State Department",
    "the Ukrainian Foreign Ministry",
    "a European intelligence official",
]
RU_OFFICIALS = [
    "Kremlin spokesman Dmitry Peskov",
    "Russian President Vladimir Putin",
    "Foreign Minister Sergei Lavrov",
    "Security Council Secretary Sergei Shoigu",
    "Defense Minister Andrei Belousov",
    "General Valery Gerasimov",
    "Russia's ambassador in Pyongyang",
    "a Russian defense ministry spokesman",
]
NK_OFFICIALS = [
    "leader Kim Jong Un",
    "Kim Jong Un",
    "Foreign Minister Choe Son Hui",
    "Defense Minister No Kwang Chol",
    "Kim Yong Bok, a senior military officer",
    "the ruling Workers' Party",
    "the state news agency KCNA",
    "the Korean Central News Agency",
    "Kim Yo Jong, the leader's sister",
]
UNITS = [
    "the 11th Army Corps",
    "special operations forces",
    "the Storm Corps",
    "marine brigades",
    "artillery units",
    "engineering troops",
    "mechanized brigades",
    "construction battalions",
    "mine-clearing units",
    "air defense crews",
    "reconnaissance teams",
    "drone operators",
    "infantry battalions",
]
WORKERS = [
    "construction workers",
    "laborers",
    "migrant workers",
    "factory workers",
    "timber workers",
    "textile workers",
    "shipyard workers",
    "students on trainee visas",
    "drone assembly workers",
]
WEAPONS = [
    "artillery shells",
    "KN-23 ballistic missiles",
    "170mm self-propelled guns",
    "240mm multiple rocket launchers",
    "rounds of ammunition",
    "anti-tank missiles",
    "Bulsae-4 missiles",
    "152mm shells",
    "short-range ballistic missiles",
    "containers of munitions",
]
REPORTERS = [
    "Park Min-jung",
    "Anna Kovalenko",
    "Daniel Whitford",
    "Kim Se-yeon",
    "Oleksiy Hrytsenko",
    "Hiroshi Tanaka",
    "Laura Bennett",
    "Choi Ji-won",
    "Mark Ellison",
    "Yulia Savchenko",
]
PUBLISHERS = [
    "Korea Herald Wire",
    "Kyiv Ledger",
    "Pacific Dispatch",
    "Seoul Morning Post",
    "Eurasia Monitor",
    "The Northern Review",
    "Tokyo Evening Report",
    "Baltic Times Wire",
    "Global Defense Desk",
    "Asia Security Weekly",
]


def n_small(r: random.Random) -> str:
    return str(r.choice([2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 18, 20, 24, 30, 40]))


def n_mid(r: random.Random) -> str:
    return str(r.choice([50, 80, 100, 120, 150, 200, 250, 300, 400, 500, 600, 700, 800, 900]))


def n_big(r: random.Random) -> str:
    return f"{r.choice([1, 2, 3, 4, 5, 6, 8, 10, 11, 12, 15, 20, 25, 30])},{r.choice(['000', '500', '200'])}"


def n_huge(r: random.Random) -> str:
    return r.choice(["1 million", "2 million", "3.7 million", "5 million", "8 million", "12,000", "20,000 containers of"])


def a_date(r: random.Random) -> str:
    m = r.randrange(12)
    return r.choice(
        [
            f"in {MONTHS[m]}",
            "last year",
            f"on {MONTH_ABBR[m]} {r.randint(1, 28)}",
            f"in late {r.choice([2023, 2024])}",
            f"since around {MONTHS[m]}",
            "earlier this month",
            f"on {r.choice(WEEKDAYS)}",
            f"in {MONTHS[m]} {r.choice([2024, 2025])}",
            "two weeks ago",
            "in the spring",
            f"in early {r.choice([2024, 2025])}",
            "at the end of last year",
            f"in {MONTHS[m]} this year",
            f"{MONTHS[m]} last year",
            "last month",
            "this summer",
            "in the autumn of 2024",
            f"on {r.randint(1, 28)} {MONTHS[m]}",
            "last week",
            "late last year",
        ]
    )


FILLERS = {
    "ru_region": lambda r: r.choice(RU_REGIONS),
    "ua_area": lambda r: r.choice(UA_AREAS),
    "city": lambda r: r.choice(CITIES),
    "nk_place": lambda r: r.choice(NK_PLACES),
    "capital": lambda r: r.choice(OTHER_CAPITALS),
    "date": a_date,
    "date2": a_date,
    "source": lambda r: r.choice(SOURCES),
    "source2": lambda r: r.choice(SOURCES),
    "ru_official": lambda r: r.choice(RU_OFFICIALS),
    "nk_official": lambda r: r.choice(NK_OFFICIALS),
    "unit": lambda r: r.choice(UNITS),
    "workers": lambda r: r.choice(WORKERS),
    "weapons": lambda r: r.choice(WEAPONS),
    "n_small": n_small,
    "n_mid": n_mid,
    "n_big": n_big,
    "n_big2": n_big,
    "n_huge": n_huge,
    "weekday": lambda r: r.choice(WEEKDAYS),
    "month": lambda r: r.choice(MONTHS),
    "year": lambda r: str(r.choice([2022, 2023, 2024, 2025])),
    "reporter": lambda r: r.choice(REPORTERS),
}

# --- template sentences, by theme ----------------------------------------------------------

DEPLOYMENT = [
    "North Korea has deployed about {n_big} troops to {ru_region}, according to {source}.",
    "{source} said {date} that North Korean soldiers had been sent to {ru_region} to help Russian forces.",
    "Hundreds of North Korean troops were moved to {ru_region} {date}, {source} said.",
    "The soldiers, drawn largely from {unit}, were transferred by rail from {city} to the front.",
    "Pyongyang dispatched a second contingent of roughly {n_big} soldiers {date}, {source} estimated.",
    "North Korean units have been stationed near {city} since {month}, officials said.",
    "According to {source}, the troops were first seen at training grounds in {ru_region} {date}.",
    "An additional {n_big} North Korean troops could be sent to {ua_area} in the coming months, {source} warned.",
    "Satellite images showed North Korean personnel arriving at a base outside {city} {date}.",
    "Some {n_mid} North Korean officers were sent ahead to the front to study Russian tactics, {source} said.",
    "The deployment to {ru_region} marks the first time North Korea has sent ground forces to a foreign war in decades.",
    "Troops from {unit} were reportedly flown from {nk_place} to {city} on Russian military transport aircraft.",
    "{source} said North Korean forces had been rotated out of {ru_region} and replaced by fresh units {date}.",
    "Ukrainian officials believe about {n_big} North Koreans remain deployed along the border with {ua_area}.",
    "North Korea sent {n_mid} military engineers to {ru_region} {date} to clear mines, {source} said.",
    "The new contingent is expected to reinforce Russian positions around {city}, {source} said.",
    "North Korean troops were seen moving toward {ua_area} in columns of trucks, according to {source}.",
    "Seoul believes Pyongyang has dispatched a total of about {n_big} soldiers to Russia since {date}.",
    "Pyongyang also sent {n_mid} drone operators to {ru_region}, {source} reported {date}.",
    "The soldiers were issued Russian uniforms and identity papers before being sent to {ru_region}.",
    "A further {n_big} troops are being prepared for deployment, {source} told reporters {date}.",
    "Most of the North Korean units remain in {ru_region} rather than inside Ukraine, {source} said.",
    "North Korean artillery crews have been operating near {city} since {date}, {source} said.",
    "The troops arrived in {city} by ship from {nk_place} {date}, {source} said.",
    "Russia has moved North Korean soldiers closer to {ua_area}, {source2} said in a statement.",
]

ENLISTMENT = [
    "North Korean {workers} in {ru_region} have signed contracts with the Russian military, {source} said.",
    "Dozens of North Korean {workers} have enlisted in the Russian army since {date}, according to {source}.",
    "{source} said North Korean laborers were being recruited into Russian units stationed in {ru_region}.",
    "The recruits, many of them former {workers}, were incorporated into {unit}, {source} said.",
    "In small numbers, North Korean {workers} are believed to have joined Russian units near {city}.",
    "The enlistment of North Korean workers was likely approved by authorities in Pyongyang, {source} said.",
    "North Koreans who traveled to {ru_region} as {workers} have since joined the Russian military.",
    "Russia has offered North Korean {workers} signing bonuses of up to {n_big} rubles to enlist, {source} said.",
    "Some {n_mid} North Koreans are thought to have volunteered for service with {unit} {date}.",
    "{source} said the number of North Korean enlistees could increase further in {year}.",
    "The recruitment drive began in {city} {date} and later spread to {ru_region}.",
    "Former North Korean {workers} were given two weeks of training before joining {unit}, {source} said.",
    "North Korean students in {city} were also approached by Russian recruiters, {source} said.",
    "The workers signed one-year contracts with the Russian Defense Ministry, according to {source}.",
    "Enlisted North Koreans are believed to be serving in {unit} in {ru_region}.",
    "{source} said {n_mid} North Korean laborers had been transferred from construction sites to military camps.",
]

CONFIRMATION = [
    "North Korea confirmed {date} that it had sent troops to fight in Russia, {nk_official} said.",
    "{nk_official} acknowledged for the first time {date} that North Korean soldiers were fighting in {ru_region}.",
    "{ru_official} confirmed {date} that North Korean troops had helped retake {ru_region}.",
    "Moscow publicly thanked Pyongyang {date} for the help of its soldiers in {ru_region}.",
    "The state news agency KCNA said {date} that the troops had joined operations to liberate {ru_region}.",
    "{ru_official} said {date} that the North Korean soldiers had acted under the bilateral defense treaty.",
    "In a rare admission, {nk_official} said {date} that North Korean units had taken part in combat.",
    '{ru_official} praised the "heroism" of the North Korean soldiers in a speech {date}.',
    "North Korea's ruling party said {date} that the deployment was carried out on the order of Kim Jong Un.",
    "Pyongyang confirmed the deployment in a statement carried by state media {date}.",
    "{ru_official} confirmed that North Korean engineers would be sent to {ru_region} to rebuild infrastructure.",
    "Both governments confirmed {date} that the troops were deployed under the mutual defense pact signed in {year}.",
]

DENIAL = [
    '{ru_official} dismissed the reports as "fake news" {date}.',
    "Russia has denied the reports, insisting that the soldiers seen in videos were ethnic Buryat volunteers.",
    "North Korea's foreign ministry rejected the claims {date} as a smear campaign by {capital}.",
    "{ru_official} declined to confirm or deny the presence of North Korean troops in {ru_region}.",
    "Moscow initially denied that any North Korean soldiers were on its territory.",
    "{nk_official} denied {date} that North Korea had supplied weapons to Russia.",
    "Neither Moscow nor Pyongyang has officially acknowledged the findings by {source}.",
    '{ru_official} said {date} that the reports of North Korean workers joining the army were "not true".',
    "Pyongyang called the allegations groundless {date} and said they were intended to undermine its sovereignty.",
    "The Kremlin refused to comment on the reports, saying it does not discuss military cooperation with its allies.",
    "A Russian diplomat in {capital} denied that North Korean workers had been sent to {ua_area}.",
    "North Korean state media made no mention of the deployment for months.",
]

CASUALTIES = [
    "About {n_big} North Korean soldiers have been killed or wounded in {ru_region}, {source} said.",
    "{source} estimated {date} that North Korean casualties had reached {n_big}.",
    "South Korean officials estimate that over {n_big} North Korean troops have been killed or wounded.",
    "{source} said as many as {n_big} North Koreans had died in the fighting {date}.",
    "Ukrainian forces captured {n_small} North Korean soldiers in {ru_region} {date}, {source} said.",
    "Two North Korean soldiers were taken prisoner near {city} {date}, {source} said.",
    "Heavy losses among North Korean units forced commanders to pull them back from the front {date}.",
    "{source} said at least {n_mid} North Korean soldiers were killed in a single assault near {city}.",
    "One captured soldier told interrogators that his unit lost {n_mid} men in a week of fighting.",
    "Some of the wounded were flown back to {nk_place} for treatment, {source} said.",
    "{source} said North Korean troops had suffered high casualties because of their unfamiliarity with drone warfare.",
    "Videos released by {source} appeared to show North Korean soldiers killed in {ru_region}.",
    "The bodies of {n_small} North Korean soldiers were recovered near {city}, {source} said {date}.",
    "Ukraine said {date} it had killed {n_mid} North Korean troops in three days of fighting.",
    "Estimates of North Korean casualties vary widely, from {n_big} to {n_big2}.",
    "A North Korean soldier captured {date} said he had not been told he would fight against Ukraine.",
]

SUPPLIES = [
    "North Korea has shipped more than {n_huge} {weapons} to Russia since {date}, {source} said.",
    "{source} said North Korean {weapons} had been used in strikes on {ua_area} {date}.",
    "Fragments of North Korean {weapons} were found after an attack on {ua_area}, {source} said.",
    "Trains loaded with {weapons} crossed the border at {nk_place} {date}, according to satellite imagery.",
    "Russia has received {n_big} containers of munitions from North Korea, {source} estimated.",
    "North Korea supplied {weapons} and {weapons} to Russian forces in {ru_region}, {source} said.",
    "Ships carrying North Korean {weapons} were tracked docking at {city} {date}.",
    "{source} said about half of the shells fired by Russian forces in {ua_area} came from North Korea.",
    "In return, Russia is believed to have provided North Korea with air defense systems and oil.",
    "Moscow has supplied Pyongyang with fighter jet parts and satellite technology, {source} said.",
    "North Korean {weapons} were spotted in {ru_region} {date}, {source} said.",
    "{source} said North Korea had delivered {n_mid} artillery systems to Russia {date}.",
    "Analysts said the quality of North Korean {weapons} had improved since {year}.",
    "The transfers of {weapons} violate United Nations Security Council resolutions, {source} said.",
    "Russian forces fired North Korean {weapons} at {city} {date}, according to {source}.",
]

WORKER_DISPATCH = [
    "North Korea has sent thousands of {workers} to {ru_region} {date}, {source} said.",
    "About {n_big} North Korean {workers} arrived in {city} {date}, according to Russian immigration data.",
    "North Korean {workers} began arriving in {ua_area} as early as {date} to help with reconstruction.",
    "The laborers were sent to building sites in {city} on student visas to get around sanctions, {source} said.",
    "{source} said North Korean {workers} were being deployed to Russian-occupied {ua_area}.",
    "Russia issued more than {n_big} visas to North Koreans {date}, most of them for study.",
    "North Korean {workers} are typically kept under collective supervision at their destinations.",
    "A large portion of the workers' wages is sent back to Pyongyang, {source} said.",
    "The {workers} work up to {n_small} hours a day and are rarely allowed to leave their dormitories.",
    "Employment of North Korean laborers abroad is banned under U.N. Security Council sanctions adopted in 2017.",
    "Some {n_mid} North Korean {workers} were spotted at a drone factory in {ru_region} {date}.",
    "{source} said Pyongyang planned to send another {n_big} {workers} to Russia {date2}.",
    "North Korean {workers} were seen clearing rubble in {ua_area} {date}, {source} said.",
    "The dispatch of workers earns the regime an estimated {n_big} million dollars a year, {source} said.",
]

DIPLOMACY = [
    "Russia and North Korea signed a comprehensive strategic partnership treaty in {city} in June 2024.",
    "The treaty obliges each side to provide military assistance if the other comes under attack.",
    "{nk_official} met {ru_official} in {city} {date} to discuss military cooperation.",
    "{ru_official} visited {nk_place} {date}, the first such trip in years.",
    "Kim Jong Un traveled to {city} {date} for talks with Vladimir Putin.",
    "{ru_official} and {nk_official} pledged {date} to deepen cooperation in defense and the economy.",
    "The two countries opened a road bridge across the Tumen River {date}.",
    "A direct passenger train between Moscow and Pyongyang resumed service {date}.",
    "Seoul summoned the Russian ambassador {date} to protest the deployment.",
    "South Korea said {date} it was considering sending weapons directly to Ukraine in response.",
    "{capital} and its allies condemned the military cooperation between Moscow and Pyongyang {date}.",
    "The Group of Seven said {date} that the deployment marked a dangerous expansion of the war.",
    "Washington imposed new sanctions on Russian and North Korean entities {date}.",
    "The European Union added several North Korean generals to its sanctions list {date}.",
    "{source} said the cooperation had deepened since Putin's visit to Pyongyang in {year}.",
    "{nk_official} told {ru_official} {date} that North Korea would always stand with Russia.",
]

QUOTES = [
    '"North Korean troops are fighting alongside Russian forces in {ru_region}," {source} told reporters {date}.',
    '"This is a serious escalation," {source} said in a statement.',
    '"We have evidence that the soldiers were sent by the regime, not by individual choice," {source} said.',
    '"The numbers are still small, but they may grow quickly," said an analyst at a think tank in {capital}.',
    '"Pyongyang gains combat experience it could not get anywhere else," a former intelligence officer said.',
    '"We are watching the situation in {ru_region} very closely," {source} said {date}.',
    '"They were told they were going to training," a defector who spoke to relatives in {nk_place} said.',
    '"Russia is paying for soldiers with technology and oil," {source} said.',
    '"It is very unfair to send these young men to a war they know nothing about," a student in {capital} said.',
    '"The workers have no choice," said a researcher who has interviewed former laborers from {nk_place}.',
    '"Our forces will respond to any threat," {ru_official} said {date}.',
    '"This alliance is a threat to security in Europe and in Asia," {source} said.',
    '"We cannot confirm the figures at this time," a spokesperson for {source} said.',
    '"They fight bravely but they do not understand drones," a Ukrainian commander near {city} said.',
]

BACKGROUND = [
    "Russia launched its full-scale invasion of Ukraine in February 2022.",
    "Ukrainian forces launched a cross-border incursion into the Kursk region in August 2024.",
    "Moscow announced {date} that it had regained full control of {ru_region}.",
    "Fighting in {ru_region} has subsided since the spring, although shelling continues along the border.",
    "The war has left large parts of {ua_area} in ruins.",
    "North Korea has been under U.N. sanctions since 2006 over its nuclear and missile programs.",
    "Analysts say Pyongyang is seeking foreign currency, food and military technology in exchange for its help.",
    "The impact of the North Korean soldiers on the battlefield is believed to be limited so far.",
    "Russia has struggled to recruit enough soldiers to replace its losses without a new mobilization.",
    "{source} has been monitoring North Korean activity in {ru_region} for several months.",
    "The claims could not be independently verified.",
    "Reuters and other news agencies could not confirm the figures.",
    "Pyongyang and Moscow have grown closer since the start of the war in Ukraine.",
    "North Korea last sent troops abroad during the Vietnam War, when its pilots flew missions for Hanoi.",
    "Ukraine has repeatedly called on its allies to respond to the deployment.",
    "The front line in {ua_area} has barely moved in recent weeks.",
    "Russian forces continued their offensive near {city} {date}.",
    "Ukrainian drones struck an airfield in {ru_region} {date}, local officials said.",
    "Temperatures in {ru_region} dropped below freezing {date}, slowing operations on both sides.",
    "The Kremlin says its war aims in Ukraine remain unchanged.",
    "{source} publishes regular assessments of the fighting in {ru_region}.",
    "Air raid alerts sounded across {ua_area} {date}.",
    "Economists say the arms trade has given North Korea's economy its fastest growth in years.",
    "Food prices in {nk_place} have risen sharply, according to sources inside North Korea.",
    "Seoul and Tokyo have stepped up intelligence sharing with Kyiv since {date}.",
    "The U.N. panel of experts that monitored sanctions on North Korea was disbanded in 2024 after a Russian veto.",
    "Ukraine's military says Russian troops are advancing slowly in {ua_area} at great cost.",
    "Officials in {capital} are divided over how to respond.",
    "Diplomats say the deepening ties worry China, North Korea's main trading partner.",
    "North Korea has tested several new missiles since {date}, raising tensions on the Korean Peninsula.",
]

THEMES = {
    "deployment": DEPLOYMENT,
    "enlistment": ENLISTMENT,
    "confirmation": CONFIRMATION,
    "denial": DENIAL,
    "casualties": CASUALTIES,
    "supplies": SUPPLIES,
    "workers": WORKER_DISPATCH,
    "diplomacy": DIPLOMACY,
    "quotes": QUOTES,
    "background": BACKGROUND,
}

HEADLINES = [
    "North Korean troops deployed to {ru_region}, {source} says",
    "North Korean workers joining Russian army, intelligence finds",
    "Pyongyang confirms soldiers fought in {ru_region}",
    "Russia denies North Korean troops in {ua_area}",
    "North Korean casualties mount in {ru_region}",
    "North Korea ships more {weapons} to Russia",
    "Kim Jong Un vows to stand with Moscow",
    "Thousands of North Korean laborers sent to {ru_region}",
    "Seoul says North Korea preparing new deployment to Russia",
    "Ukraine captures North Korean soldiers in {ru_region}",
    "North Korea and Russia deepen military ties",
    "Intelligence: North Korean {workers} enlisting with Russian forces",
]

SLOT = re.compile(r"\{(\w+)\}")


def fill(template: str, r: random.Random) -> str:
    text = SLOT.sub(lambda m: FILLERS[m[1]](r), template)
    return text[0].upper() + text[1:]


def template_count() -> int:
    return sum(len(v) for v in THEMES.values()) + len(HEADLINES)


def make_article(index: int, r: random.Random) -> tuple[str, str, str]:
    """(title, text, published) for article `index`: 300–600 words, paragraphs of 1–3 sentences."""
    title = fill(r.choice(HEADLINES), r)
    target = r.randint(300, 600)
    focus = r.sample(list(THEMES), 3)  # each article leans on a few themes, like a real story
    weights = [5 if t in focus else 1 for t in THEMES]
    paragraphs: list[str] = []
    lead = fill(r.choice(THEMES[focus[0]]), r)
    paragraphs.append(lead)
    words = len(title.split()) + len(lead.split())
    serial_at = r.randint(1, 4)
    while words < target:
        sentences = []
        for _ in range(r.choice([1, 2, 2, 3])):
            theme = r.choices(list(THEMES), weights)[0]
            sentences.append(fill(r.choice(THEMES[theme]), r))
        if len(paragraphs) == serial_at:  # makes every text distinct, as a real report number would
            sentences.append(f"The assessment was filed under reference number {index + 1:06d}-{r.randint(100, 999)}.")
        para = " ".join(sentences)
        paragraphs.append(para)
        words += len(para.split())
    if len(paragraphs) <= serial_at:
        paragraphs.append(f"The assessment was filed under reference number {index + 1:06d}-{r.randint(100, 999)}.")
    head = [title] + ([f"By {r.choice(REPORTERS)}"] if r.random() < 0.5 else [])
    text = "\n\n".join(head + paragraphs) + "\n"
    day = dt.date(2024, 1, 1) + dt.timedelta(days=r.randrange(700))
    published = day.isoformat() if r.random() < 0.85 else day.strftime("%Y-%m")
    return title, text, published


def build(n: int, out: Path, seed: int = 8) -> dict:
    """Write n articles and manifest.csv into out (replacing it). Returns counts."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    r = random.Random(seed)
    hashes: set[str] = set()
    words = 0
    with (out / "manifest.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "article_id", "title", "publisher", "url", "published", "published_note"])
        for i in range(n):
            title, text, published = make_article(i, r)
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if digest in hashes:
                raise RuntimeError(f"article {i} repeats an earlier text")
            hashes.add(digest)
            article_id = f"{i:05d}_{digest[:16]}"
            name = f"{article_id}.txt"
            (out / name).write_text(text, encoding="utf-8")
            publisher = r.choice(PUBLISHERS)
            slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
            url = f"https://example.org/{publisher.lower().replace(' ', '-')}/{slug}-{i}"
            note = "" if len(published) == 10 else "synthetic: month precision only"
            w.writerow([name, article_id, title, publisher, url, published, note])
            words += len(text.split())
    return {"articles": n, "words": words, "templates": template_count()}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    p.add_argument("--out", type=Path, default=None, help="output folder (default bench/corpus-N)")
    p.add_argument("--seed", type=int, default=8, help="random seed (default 8)")
    args = p.parse_args(argv)
    out = args.out or Path(__file__).resolve().parent / f"corpus-{args.n}"
    stats = build(args.n, out, args.seed)
    print(
        f"wrote {stats['articles']} articles, {stats['words']} words ({stats['templates']} templates) to {out}", file=sys.stderr
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
