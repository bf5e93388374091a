"""Date normalization table (the dev set), find_dates on real parses, date_for_event, and the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extractors.articles import parse_published
from extractors.dates import DateNorm, date_for_event, find_dates, normalize_date
from schemas.vocab import DATE_PRECISIONS, DATE_QUALIFIERS

ROOT = Path(__file__).resolve().parents[1]

# expression | published | context | start | end | precision | qualifier | timex   ("-" = null)
# 2025-09-21 is a Sunday; 2025-03-10 a Monday; 2025-01 is known to the month only.
TABLE = """
Dec. 19                      | 2025-01    |                                  | 2024-12-19 | 2024-12-19 | day     | -      | 2024-12-19
19 December 2024             | 2025-09-21 |                                  | 2024-12-19 | 2024-12-19 | day     | -      | 2024-12-19
December 19th                | 2025-01    |                                  | 2024-12-19 | 2024-12-19 | day     | -      | 2024-12-19
December 19, 2024            | 2025-09-21 |                                  | 2024-12-19 | 2024-12-19 | day     | -      | 2024-12-19
2024-12-19                   | 2025-09-21 |                                  | 2024-12-19 | 2024-12-19 | day     | -      | 2024-12-19
on the 19th                  | 2025-09-21 |                                  | 2025-09-19 | 2025-09-19 | day     | -      | 2025-09-19
the 25th                     | 2025-09-21 | the talks were held on the 25th  | 2025-08-25 | 2025-08-25 | day     | -      | 2025-08-25
the 25th                     | 2025-09-21 | talks will resume on the 25th    | 2025-09-25 | 2025-09-25 | day     | -      | 2025-09-25
on the 19th                  | 2025-01    |                                  | -          | -          | -       | -      | -
Dec 19                       | 2024-12-31 |                                  | 2024-12-19 | 2024-12-19 | day     | -      | 2024-12-19
Sept. 3                      | 2025-09-21 | he arrived Sept. 3               | 2025-09-03 | 2025-09-03 | day     | -      | 2025-09-03
3 September                  | 2025-09-21 |                                  | 2025-09-03 | 2025-09-03 | day     | -      | 2025-09-03
Friday, Dec. 19              | 2025-01    |                                  | 2024-12-19 | 2024-12-19 | day     | -      | 2024-12-19
12/19/2024                   | 2025-09-21 |                                  | 2024-12-19 | 2024-12-19 | day     | -      | 2024-12-19
Feb. 29, 2024                | 2025-09-21 |                                  | 2024-02-29 | 2024-02-29 | day     | -      | 2024-02-29
April 7                      | 2025-03-10 | the summit will open on April 7  | 2025-04-07 | 2025-04-07 | day     | -      | 2025-04-07
April 7                      | 2025-03-10 | the summit opened on April 7     | 2024-04-07 | 2024-04-07 | day     | -      | 2024-04-07
April 7                      | 2025-03-10 |                                  | 2025-04-07 | 2025-04-07 | day     | -      | 2025-04-07
Jan. 5                       | 2025-01    |                                  | 2025-01-05 | 2025-01-05 | day     | -      | 2025-01-05
Sunday                       | 2025-09-21 |                                  | 2025-09-21 | 2025-09-21 | day     | -      | 2025-09-21
Saturday                     | 2025-09-21 |                                  | 2025-09-20 | 2025-09-20 | day     | -      | 2025-09-20
Monday                       | 2025-09-21 |                                  | 2025-09-15 | 2025-09-15 | day     | -      | 2025-09-15
on Monday                    | 2025-03-10 |                                  | 2025-03-10 | 2025-03-10 | day     | -      | 2025-03-10
last Friday                  | 2025-09-21 |                                  | 2025-09-19 | 2025-09-19 | day     | -      | 2025-09-19
last Sunday                  | 2025-09-21 |                                  | 2025-09-14 | 2025-09-14 | day     | -      | 2025-09-14
next Monday                  | 2025-09-21 |                                  | 2025-09-22 | 2025-09-22 | day     | -      | 2025-09-22
on Tuesday                   | 2025-09-21 | talks will take place on Tuesday | 2025-09-23 | 2025-09-23 | day     | -      | 2025-09-23
Friday morning               | 2025-09-21 |                                  | 2025-09-19 | 2025-09-19 | day     | -      | 2025-09-19
Sunday                       | 2025-01    |                                  | -          | -          | -       | -      | -
yesterday                    | 2025-01    |                                  | -          | -          | -       | -      | -
yesterday                    | 2025-09-21 |                                  | 2025-09-20 | 2025-09-20 | day     | -      | 2025-09-20
today                        | 2025-09-21 |                                  | 2025-09-21 | 2025-09-21 | day     | -      | 2025-09-21
tomorrow                     | 2025-09-21 |                                  | 2025-09-22 | 2025-09-22 | day     | -      | 2025-09-22
last night                   | 2025-09-21 |                                  | 2025-09-20 | 2025-09-20 | day     | -      | 2025-09-20
three days ago               | 2025-09-21 |                                  | 2025-09-18 | 2025-09-18 | day     | -      | 2025-09-18
in April                     | 2025-09-21 |                                  | 2025-04-01 | 2025-04-30 | month   | -      | 2025-04
in April this year           | 2025-09-21 |                                  | 2025-04-01 | 2025-04-30 | month   | -      | 2025-04
April of this year           | 2025-09-21 |                                  | 2025-04-01 | 2025-04-30 | month   | -      | 2025-04
last April                   | 2025-09-21 |                                  | 2025-04-01 | 2025-04-30 | month   | -      | 2025-04
last June                    | 2025-03-10 |                                  | 2024-06-01 | 2024-06-30 | month   | -      | 2024-06
last March                   | 2025-03-10 |                                  | 2024-03-01 | 2024-03-31 | month   | -      | 2024-03
next April                   | 2025-09-21 |                                  | 2026-04-01 | 2026-04-30 | month   | -      | 2026-04
this April                   | 2025-09-21 |                                  | 2025-04-01 | 2025-04-30 | month   | -      | 2025-04
August last year             | 2025-09-21 |                                  | 2024-08-01 | 2024-08-31 | month   | -      | 2024-08
in October                   | 2025-09-21 |                                  | 2024-10-01 | 2024-10-31 | month   | -      | 2024-10
in October                   | 2025-09-21 | elections will be held in October| 2025-10-01 | 2025-10-31 | month   | -      | 2025-10
in September                 | 2025-09-21 |                                  | 2025-09-01 | 2025-09-30 | month   | -      | 2025-09
in December                  | 2025-01    |                                  | 2024-12-01 | 2024-12-31 | month   | -      | 2024-12
in January                   | 2025-01    |                                  | 2025-01-01 | 2025-01-31 | month   | -      | 2025-01
December 2024                | 2025-09-21 |                                  | 2024-12-01 | 2024-12-31 | month   | -      | 2024-12
Dec. 2024                    | 2025-09-21 |                                  | 2024-12-01 | 2024-12-31 | month   | -      | 2024-12
March of 2023                | 2025-09-21 |                                  | 2023-03-01 | 2023-03-31 | month   | -      | 2023-03
this month                   | 2025-09-21 |                                  | 2025-09-01 | 2025-09-30 | month   | -      | 2025-09
last month                   | 2025-01    |                                  | 2024-12-01 | 2024-12-31 | month   | -      | 2024-12
next month                   | 2025-09-21 |                                  | 2025-10-01 | 2025-10-31 | month   | -      | 2025-10
two months ago               | 2025-09-21 |                                  | 2025-07-01 | 2025-07-31 | month   | -      | 2025-07
this summer                  | 2025-09-21 |                                  | 2025-06-01 | 2025-08-31 | season  | -      | 2025-SU
last winter                  | 2025-09-21 |                                  | 2024-12-01 | 2025-02-28 | season  | -      | 2024-WI
this winter                  | 2025-01    |                                  | 2024-12-01 | 2025-02-28 | season  | -      | 2024-WI
last summer                  | 2025-03-10 |                                  | 2024-06-01 | 2024-08-31 | season  | -      | 2024-SU
in the spring                | 2025-09-21 |                                  | 2025-03-01 | 2025-05-31 | season  | -      | 2025-SP
next spring                  | 2025-09-21 |                                  | 2026-03-01 | 2026-05-31 | season  | -      | 2026-SP
summer 2024                  | 2025-09-21 |                                  | 2024-06-01 | 2024-08-31 | season  | -      | 2024-SU
the autumn of 2023           | 2025-09-21 |                                  | 2023-09-01 | 2023-11-30 | season  | -      | 2023-FA
in the fall                  | 2025-03-10 | troops will rotate in the fall   | 2025-09-01 | 2025-11-30 | season  | -      | 2025-FA
in 2022                      | 2025-09-21 |                                  | 2022-01-01 | 2022-12-31 | year    | -      | 2022
2022                         | 2025-01    |                                  | 2022-01-01 | 2022-12-31 | year    | -      | 2022
last year                    | 2025-09-21 |                                  | 2024-01-01 | 2024-12-31 | year    | -      | 2024
last year                    | 2025-01    |                                  | 2024-01-01 | 2024-12-31 | year    | -      | 2024
this year                    | 2025-09-21 |                                  | 2025-01-01 | 2025-12-31 | year    | -      | 2025
next year                    | 2025-09-21 |                                  | 2026-01-01 | 2026-12-31 | year    | -      | 2026
a year ago                   | 2025-09-21 |                                  | 2024-01-01 | 2024-12-31 | year    | -      | 2024
two years ago                | 2025-09-21 |                                  | 2023-01-01 | 2023-12-31 | year    | -      | 2023
fiscal 2024                  | 2025-09-21 |                                  | 2024-01-01 | 2024-12-31 | year    | -      | 2024
earlier this year            | 2025-09-21 |                                  | 2025-01-01 | 2025-09-21 | year    | -      | 2025
later this year              | 2025-09-21 |                                  | 2025-09-21 | 2025-12-31 | year    | -      | 2025
the 1990s                    | 2025-09-21 |                                  | 1990-01-01 | 1999-12-31 | decade  | -      | 199
the '90s                     | 2025-09-21 |                                  | 1990-01-01 | 1999-12-31 | decade  | -      | 199
the 2010s                    | 2025-09-21 |                                  | 2010-01-01 | 2019-12-31 | decade  | -      | 201
the 1980's                   | 2025-09-21 |                                  | 1980-01-01 | 1989-12-31 | decade  | -      | 198
the late 1990s               | 2025-09-21 |                                  | 1997-01-01 | 1999-12-31 | decade  | late   | 199
early 2023                   | 2025-09-21 |                                  | 2023-01-01 | 2023-04-30 | year    | early  | 2023
mid-2023                     | 2025-09-21 |                                  | 2023-05-01 | 2023-08-31 | year    | mid    | 2023
late 2023                    | 2025-09-21 |                                  | 2023-09-01 | 2023-12-31 | year    | late   | 2023
as early as late 2023        | 2025-01    |                                  | 2023-09-01 | 2023-12-31 | year    | late   | 2023
the end of 2023              | 2025-09-21 |                                  | 2023-09-01 | 2023-12-31 | year    | late   | 2023
the beginning of 2024        | 2025-09-21 |                                  | 2024-01-01 | 2024-04-30 | year    | early  | 2024
early last year              | 2025-09-21 |                                  | 2024-01-01 | 2024-04-30 | year    | early  | 2024
late last year               | 2025-01    |                                  | 2024-09-01 | 2024-12-31 | year    | late   | 2024
the end of the year          | 2025-09-21 |                                  | 2025-09-01 | 2025-12-31 | year    | late   | 2025
year-end                     | 2025-01    |                                  | 2024-09-01 | 2024-12-31 | year    | late   | 2024
early March                  | 2025-09-21 |                                  | 2025-03-01 | 2025-03-10 | month   | early  | 2025-03
mid-December                 | 2025-01    |                                  | 2024-12-11 | 2024-12-20 | month   | mid    | 2024-12
late February 2024           | 2025-09-21 |                                  | 2024-02-21 | 2024-02-29 | month   | late   | 2024-02
the end of last month        | 2025-09-21 |                                  | 2025-08-21 | 2025-08-31 | month   | late   | 2025-08
the second half of 2024      | 2025-09-21 |                                  | 2024-07-01 | 2024-12-31 | half    | -      | 2024-H2
the first half of this year  | 2025-09-21 |                                  | 2025-01-01 | 2025-06-30 | half    | -      | 2025-H1
H1 2025                      | 2025-09-21 |                                  | 2025-01-01 | 2025-06-30 | half    | -      | 2025-H1
the first half               | 2025-09-21 |                                  | 2025-01-01 | 2025-06-30 | half    | -      | 2025-H1
second-half                  | 2025-03-10 | sales are expected to rise in the second half | 2025-07-01 | 2025-12-31 | half | - | 2025-H2
the third quarter            | 2025-09-21 |                                  | 2025-07-01 | 2025-09-30 | quarter | -      | 2025-Q3
third-quarter                | 2025-11-05 |                                  | 2025-07-01 | 2025-09-30 | quarter | -      | 2025-Q3
the fourth quarter           | 2025-02-10 |                                  | 2024-10-01 | 2024-12-31 | quarter | -      | 2024-Q4
the fourth quarter of 2024   | 2025-09-21 |                                  | 2024-10-01 | 2024-12-31 | quarter | -      | 2024-Q4
Q2 2025                      | 2025-09-21 |                                  | 2025-04-01 | 2025-06-30 | quarter | -      | 2025-Q2
2024 Q4                      | 2025-09-21 |                                  | 2024-10-01 | 2024-12-31 | quarter | -      | 2024-Q4
2024 H2                      | 2025-09-21 |                                  | 2024-07-01 | 2024-12-31 | half    | -      | 2024-H2
the year-ago quarter         | 2025-11-05 |                                  | 2024-07-01 | 2024-09-30 | quarter | -      | 2024-Q3
the year-earlier quarter     | 2025-02-10 |                                  | 2023-10-01 | 2023-12-31 | quarter | -      | 2023-Q4
the current quarter          | 2025-11-05 |                                  | 2025-10-01 | 2025-12-31 | quarter | -      | 2025-Q4
last quarter                 | 2025-11-05 |                                  | 2025-07-01 | 2025-09-30 | quarter | -      | 2025-Q3
the first quarter of next year | 2025-11-05 |                                | 2026-01-01 | 2026-03-31 | quarter | -      | 2026-Q1
this week                    | 2025-09-21 |                                  | 2025-09-15 | 2025-09-21 | week    | -      | 2025-W38
last week                    | 2025-09-21 |                                  | 2025-09-08 | 2025-09-14 | week    | -      | 2025-W37
next week                    | 2025-03-10 |                                  | 2025-03-17 | 2025-03-23 | week    | -      | 2025-W12
last weekend                 | 2025-03-10 |                                  | 2025-03-08 | 2025-03-09 | week    | -      | 2025-W10-WE
between July and September   | 2025-09-21 |                                  | 2025-07-01 | 2025-09-30 | month   | -      | -
from 2023 to 2024            | 2025-09-21 |                                  | 2023-01-01 | 2024-12-31 | year    | -      | -
from March to May 2024       | 2025-09-21 |                                  | 2024-03-01 | 2024-05-31 | month   | -      | -
2023-24                      | 2025-09-21 |                                  | 2023-01-01 | 2024-12-31 | year    | -      | -
between November 2024 and January 2025 | 2025-09-21 |                    | 2024-11-01 | 2025-01-31 | month   | -      | -
Dec. 19-20                   | 2025-01    |                                  | 2024-12-19 | 2024-12-20 | day     | -      | -
19 to 23 December 2024       | 2025-09-21 |                                  | 2024-12-19 | 2024-12-23 | day     | -      | -
since around July            | 2025-09-21 |                                  | 2025-07-01 | 2025-09-21 | month   | since  | 2025-07
since July                   | 2025-09-21 |                                  | 2025-07-01 | 2025-09-21 | month   | since  | 2025-07
since 2022                   | 2025-09-21 |                                  | 2022-01-01 | 2025-09-21 | year    | since  | 2022
since early 2024             | 2025-09-21 |                                  | 2024-01-01 | 2025-09-21 | year    | since  | 2024
since last year              | 2025-09-21 |                                  | 2024-01-01 | 2025-09-21 | year    | since  | 2024
since Dec. 19                | 2025-01    |                                  | 2024-12-19 | 2025-01-31 | day     | since  | 2024-12-19
until March                  | 2025-09-21 |                                  | 2025-03-01 | 2025-03-31 | month   | until  | 2025-03
until March                  | 2025-09-21 | the ban will last until March    | 2026-03-01 | 2026-03-31 | month   | until  | 2026-03
by the end of the year       | 2025-09-21 |                                  | 2025-09-01 | 2025-12-31 | year    | until  | 2025
before 2020                  | 2025-09-21 |                                  | 2020-01-01 | 2020-12-31 | year    | before | 2020
after the summit             | 2025-09-21 |                                  | -          | -          | -       | after  | -
before the war               | 2025-09-21 |                                  | -          | -          | -       | before | -
after April                  | 2025-09-21 |                                  | 2025-04-01 | 2025-04-30 | month   | after  | 2025-04
around July                  | 2025-09-21 |                                  | 2025-07-01 | 2025-07-31 | month   | around | 2025-07
about two years ago          | 2025-09-21 |                                  | 2023-01-01 | 2023-12-31 | year    | around | 2023
now                          | 2025-09-21 |                                  | -          | -          | -       | -      | PRESENT_REF
currently                    | 2025-09-21 |                                  | -          | -          | -       | -      | PRESENT_REF
at present                   | 2025-09-21 |                                  | -          | -          | -       | -      | PRESENT_REF
recently                     | 2025-09-21 |                                  | -          | -          | -       | -      | PAST_REF
in recent months             | 2025-09-21 |                                  | -          | -          | -       | -      | PAST_REF
in the past                  | 2025-09-21 |                                  | -          | -          | -       | -      | PAST_REF
in the future                | 2025-09-21 |                                  | -          | -          | -       | -      | FUTURE_REF
in the coming weeks          | 2025-09-21 |                                  | -          | -          | -       | -      | FUTURE_REF
over the past year           | 2025-09-21 |                                  | -          | -          | -       | -      | -
three years                  | 2025-09-21 |                                  | -          | -          | -       | -      | -
the war                      | 2025-09-21 |                                  | -          | -          | -       | -      | -
the 20th century             | 2025-09-21 |                                  | 1900-01-01 | 1999-12-31 | century | -      | 19
the year-earlier period      | 1989-10-26 |                                  | 1988-07-01 | 1988-09-30 | quarter | -      | 1988-Q3
the same period last year    | 1989-10-26 |                                  | 1988-07-01 | 1988-09-30 | quarter | -      | 1988-Q3
the year                     | 1989-10-26 |                                  | 1989-01-01 | 1989-12-31 | year    | -      | 1989
the previous year            | 1989-10-26 |                                  | 1988-01-01 | 1988-12-31 | year    | -      | 1988
several years ago            | 1989-10-26 |                                  | -          | -          | -       | -      | PAST_REF
Wednesday's                  | 1989-10-26 |                                  | 1989-10-25 | 1989-10-25 | day     | -      | 1989-10-25
late Friday                  | 1989-10-26 |                                  | 1989-10-20 | 1989-10-20 | day     | late   | 1989-10-20
early next year              | 1989-10-26 |                                  | 1990-01-01 | 1990-04-30 | year    | early  | 1990
the next few years           | 1989-10-26 |                                  | -          | -          | -       | -      | FUTURE_REF
Victory Day                  | 2025-09-21 | the parade was held on Victory Day | 2025-05-09 | 2025-05-09 | day  | -      | 2025-05-09
Christmas                    | 2025-01    |                                  | 2024-12-25 | 2024-12-25 | day     | -      | 2024-12-25
Thanksgiving                 | 2025-09-21 |                                  | 2025-11-27 | 2025-11-27 | day     | -      | 2025-11-27
Easter 2024                  | 2025-09-21 |                                  | 2024-03-31 | 2024-03-31 | day     | -      | 2024-03-31
2025-W37                     | 2025-09-21 |                                  | 2025-09-08 | 2025-09-14 | week    | -      | 2025-W37
2025-SU                      | 2025-09-21 |                                  | 2025-06-01 | 2025-08-31 | season  | -      | 2025-SU
last year                    | -          |                                  | -          | -          | -       | -      | -
Sunday                       | -          |                                  | -          | -          | -       | -      | -
19 December 2024             | -          |                                  | 2024-12-19 | 2024-12-19 | day     | -      | 2024-12-19
late 2023                    | -          |                                  | 2023-09-01 | 2023-12-31 | year    | late   | 2023
"""


def _rows():
    for line in TABLE.strip().splitlines():
        cells = [c.strip() for c in line.split("|")]
        yield pytest.param(*cells, id=f"{cells[0]}@{cells[1]}" + ("+ctx" if cells[2] else ""))


def _opt(cell: str):
    return None if cell == "-" else cell


@pytest.mark.parametrize("text,published,context,start,end,precision,qualifier,timex", list(_rows()))
def test_normalize_table(text, published, context, start, end, precision, qualifier, timex):
    pub = parse_published("" if published == "-" else published)
    got = normalize_date(text, pub.date, published_precision=pub.precision, context=context or None)
    expected = DateNorm(
        date_text=text,
        date_start=dt.date.fromisoformat(start) if start != "-" else None,
        date_end=dt.date.fromisoformat(end) if end != "-" else None,
        date_precision=_opt(precision),
        date_qualifier=_opt(qualifier),
        timex=_opt(timex),
    )
    assert got == expected


def test_table_is_large_and_in_vocabulary():
    rows = [r.values for r in _rows()]
    assert len(rows) >= 120
    assert {r[5] for r in rows} - {"-"} <= set(DATE_PRECISIONS)
    assert {r[6] for r in rows} - {"-"} <= set(DATE_QUALIFIERS)


# --- find_dates on real parses ----------------------------------------------------------------

SEED_000 = ROOT / "seeds" / "000_ae47c5515d94b40d.txt"
SEED_001 = ROOT / "seeds" / "001_256431eec9779f0e.txt"


def test_find_dates_seed_000(nlp):
    text = SEED_000.read_text(encoding="utf-8")
    found = find_dates(nlp(text), published=dt.date(2025, 9, 21), published_precision="day")
    by_text = {e.text: e for e in found}
    for e in found:
        assert text[e.start_char : e.end_char] == e.text
    assert "Today" not in by_text  # "By Japan Today Editor" is a byline, not a date
    since = by_text["since around July"].norm
    assert (since.date_start, since.date_end, since.date_qualifier, since.date_precision) == (
        dt.date(2025, 7, 1),
        dt.date(2025, 9, 21),
        "since",
        "month",
    )
    assert by_text["Sunday"].norm.date_start == dt.date(2025, 9, 21)
    assert by_text["August last year"].norm.timex == "2024-08"
    assert by_text["April this year"].norm.timex == "2025-04"
    assert by_text["2022"].norm.timex == "2022"


def test_find_dates_seed_001_month_precision(nlp):
    text = SEED_001.read_text(encoding="utf-8")
    found = find_dates(nlp(text), published=dt.date(2025, 1, 1), published_precision="month")
    by_text = {e.text: e for e in found}
    assert by_text["Dec. 19"].norm.date_start == dt.date(2024, 12, 19)
    late = next(e for e in found if e.text.endswith("late 2023")).norm
    assert (late.date_start, late.date_end, late.date_qualifier) == (dt.date(2023, 9, 1), dt.date(2023, 12, 31), "late")
    assert not any(e.text in ("12", "9") for e in found)  # ages in "(12)" are not dates


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("The ministry said the troops arrived three years ago and have stayed for three years.", ["three years ago"]),
        ("Officials met on Monday and will meet again next week.", ["Monday", "next week"]),
        ("Fighting has continued between July and September, a report said.", ["between July and September"]),
        ("The deal was signed from 2023 to 2024 in stages.", ["from 2023 to 2024"]),
        ("About 3,000 soldiers, aged 18 to 25, were deployed.", []),
        ("The Sunday Times reported that 2,000 workers arrived in the first half of 2024.", ["the first half of 2024"]),
        ("Prices fall after the fall of the city, but troops will leave this fall.", ["this fall"]),
        ("Pyongyang sent a delegation to the Victory Day parade in Moscow.", ["Victory Day"]),
    ],
)
def test_find_dates_sentences(nlp, sentence, expected):
    found = find_dates(nlp(sentence), published=dt.date(2025, 9, 21), published_precision="day")
    assert [e.text for e in found] == expected


# --- date_for_event through the dependency parse ------------------------------------------------


@pytest.mark.parametrize(
    "sentence,trigger,expected",
    [
        ("Seoul said Friday that Pyongyang sent troops.", "said", "Friday"),
        ("Seoul said Friday that Pyongyang sent troops.", "sent", None),
        ("North Korea confirmed in April this year that it sent troops to fight in Russia.", "confirmed", "April this year"),
        ("North Korea confirmed in April this year that it sent troops to fight in Russia.", "sent", None),
        (
            "North Korean laborers have enlisted with the Russian military, with hundreds deployed to the country's western "
            "Kursk region since around July, an analysis by Ukrainian authorities showed Sunday.",
            "deployed",
            "since around July",
        ),
        (
            "North Korean laborers have enlisted with the Russian military, with hundreds deployed to the country's western "
            "Kursk region since around July, an analysis by Ukrainian authorities showed Sunday.",
            "showed",
            "Sunday",
        ),
        (
            "North Korean laborers have enlisted with the Russian military, with hundreds deployed to the country's western "
            "Kursk region since around July, an analysis by Ukrainian authorities showed Sunday.",
            "enlisted",
            None,
        ),
        ("Reports suggest that laborers began arriving in Donetsk as early as late 2023.", "arriving", "as early as late 2023"),
        ("Russia will send 5,000 more troops next month, officials said on Tuesday.", "send", "next month"),
        ("Russia will send 5,000 more troops next month, officials said on Tuesday.", "said", "Tuesday"),
        ("Putin presented the figures during his year-end press conference on Dec. 19.", "presented", "Dec. 19"),
    ],
)
def test_date_for_event(nlp, sentence, trigger, expected):
    doc = nlp(sentence)
    found = find_dates(doc, published=dt.date(2025, 9, 21), published_precision="day")
    token = next(t for t in doc if t.text == trigger)
    got = date_for_event(token, "deployment", found)
    assert (got.text if got else None) == expected


# --- the CLI ------------------------------------------------------------------------------------


def _muster(capsys, *args: str) -> tuple[int, str, str]:
    from flows.cli import main

    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_one_expression(capsys):
    code, out, err = _muster(capsys, "normalize-date", "late 2023", "--published", "2025-09-21")
    assert code == 0, err
    assert json.loads(out) == {
        "date_text": "late 2023",
        "date_start": "2023-09-01",
        "date_end": "2023-12-31",
        "date_precision": "year",
        "date_qualifier": "late",
        "timex": "2023",
    }


def test_cli_context_decides_tense(capsys):
    past = json.loads(
        _muster(capsys, "normalize-date", "April", "--published", "2025-03-10", "--context", "The talks collapsed in April.")[1]
    )
    future = json.loads(
        _muster(capsys, "normalize-date", "April", "--published", "2025-03-10", "--context", "The talks will resume in April.")[1]
    )
    assert (past["timex"], future["timex"]) == ("2024-04", "2025-04")


def test_cli_jsonl(capsys, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(
            json.dumps(x)
            for x in [
                {"text": "Dec. 19", "published": "2025-01", "context": "on Dec. 19"},
                {"text": "yesterday", "published": "2025-01"},
                {"text": "the third quarter", "published": "2025-11-05"},
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    code, out, err = _muster(capsys, "normalize-date", "--jsonl", str(src))
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["timex"] for r in rows] == ["2024-12-19", None, "2025-Q3"]
    assert rows[1]["date_text"] == "yesterday" and rows[1]["date_start"] is None


def test_cli_bad_published_is_a_user_error(capsys):
    code, out, err = _muster(capsys, "normalize-date", "late 2023", "--published", "2025-13-40")
    assert code == 2 and out == ""
    assert err.startswith("muster normalize-date: --published") and len(err.strip().splitlines()) == 1


def test_clause_climb_stops_at_a_noun_root(nlp):
    """A verbless headline-like fragment: the climb from the date to the clause ends at the root (it used
    to loop forever there, comparing fresh Token objects by identity)."""
    from extractors.syntax import steps_to_clause

    doc = nlp("More North Korean troops in Kursk region in October")
    assert doc[:].root.pos_ in ("NOUN", "PROPN")
    date = doc[-1:]
    assert steps_to_clause(date.root, heads=set()) is None
    assert steps_to_clause(date.root, heads={doc[:].root.i}) is not None


# --- normalize-date reads a context as the run does ------------------------------------------------


@pytest.mark.parametrize(
    "sentence,expression,published",
    [
        ("Troops indeed need to arrive on April 7, officials said.", "April 7", "2025-03-10"),  # "indeed" is no past tense
        ("Sales are expected to rise in the second half, the ministry said.", "the second half", "2025-03-10"),
        ("The summit opened on April 7 in Seoul.", "April 7", "2025-03-10"),
        ("North Korea marked Victory Day with a rally in Pyongyang.", "Victory Day", "2025-09-21"),
        ("The talks will resume on the 25th, the agency said.", "the 25th", "2025-09-21"),
    ],
)
def test_cli_context_gives_what_the_run_gives(capsys, nlp, sentence, expression, published):
    pub = parse_published(published)
    run = {e.text: e.norm.timex for e in find_dates(nlp(sentence), published=pub.date, published_precision=pub.precision)}
    code, out, err = _muster(capsys, "normalize-date", expression, "--published", published, "--context", sentence)
    assert code == 0, err
    assert json.loads(out)["timex"] == run[expression]


def test_cli_context_tense_comes_from_the_parse(capsys):
    """The regex guess read "indeed" as a past verb (→ April 2024); the parse finds a present clause (→ nearest)."""
    out = _muster(
        capsys, "normalize-date", "April 7", "--published", "2025-03-10", "--context", "Troops indeed need to arrive on April 7."
    )[1]
    assert json.loads(out)["timex"] == "2025-04-07"


def test_cli_help_says_the_context_is_parsed(capsys):
    from flows.cli import main

    with pytest.raises(SystemExit):
        main(["normalize-date", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "parsed with the run's spaCy pipeline" in help_text
