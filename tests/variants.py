"""Generated variants of the seed documents: other departments, other years, other numbers.

A variant is a seed with its department renamed, its years moved and every amount with decimals scaled
by one factor (so most sums still hold, and the rounding of a few makes findings, as in real corpora).
Deterministic for a given index, so tests and the benchmark build the same corpus every time.
"""

from __future__ import annotations

import random
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"

REGIONS = ["石家庄市桥西区", "石家庄市新华区", "石家庄市裕华区", "保定市竞秀区", "保定市莲池区", "唐山市路北区",
           "邯郸市丛台区", "邢台市信都区", "沧州市运河区", "廊坊市安次区", "衡水市桃城区", "承德市双桥区",
           "张家口市桥东区", "秦皇岛市海港区", "定州市", "辛集市", "正定县", "平山县", "赞皇县", "涞水县"]
AGENCIES = ["信访局", "财政局", "教育局", "民政局", "司法局", "审计局", "统计局", "商务局", "文化和旅游局",
            "卫生健康局"]
# (seed prefix, its department name as printed, its budget year); 003 and 004 have no standard tables
TEMPLATES = [("000", "石家庄市长安区信访局", 2021), ("001", "石家庄市鹿泉区信访局", 2024),
             ("002", "阜平县信访局", 2023), ("003", "益阳市资阳区信访局", 2020), ("004", "石峰区信访局", 2021)]
_AMOUNT = re.compile(r"(?<![\d.])(\d+\.\d{1,2})(?![\d.])")
_YEAR = re.compile(r"(?<!\d)(20[12]\d)(?!\d)")
CENT = Decimal("0.01")


def seed_texts() -> dict[str, str]:
    out = {}
    for prefix, _name, _year in TEMPLATES:
        matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
        if matches:
            out[prefix] = matches[0].read_text(encoding="utf-8")
    return out


def make_variant(text: str, old_name: str, old_year: int, new_name: str, new_year: int, factor: Decimal) -> str:
    shift = new_year - old_year
    text = text.replace(old_name, new_name)
    text = _YEAR.sub(lambda m: str(int(m.group(1)) + shift) if abs(int(m.group(1)) - old_year) <= 3
                     else m.group(1), text)
    return _AMOUNT.sub(lambda m: str((Decimal(m.group(1)) * factor).quantize(CENT, rounding=ROUND_HALF_UP)), text)


def department(i: int) -> tuple[str, str]:
    """(name, seed prefix) of the i-th generated department: each keeps one template over the years."""
    name = REGIONS[(i // len(AGENCIES)) % len(REGIONS)] + AGENCIES[i % len(AGENCIES)]
    if i >= len(REGIONS) * len(AGENCIES):
        name = f"第{i // (len(REGIONS) * len(AGENCIES))}" + name
    # mostly the seeds with tables, now and then the performance documents
    prefix = ["000", "001", "002", "001", "002", "000", "001", "002", "003", "004"][i % 10]
    return name, prefix


def write_corpus(folder: Path, count: int, *, years: tuple[int, ...] = (2020, 2021, 2022, 2023, 2024),
                 seed: int = 7) -> list[Path]:
    """Write ``count`` variants into ``folder`` (one department per len(years) documents)."""
    texts = seed_texts()
    templates = {p: (n, y) for p, n, y in TEMPLATES}
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(count):
        dept, prefix = department(k // len(years))
        if prefix not in texts:
            continue
        year = years[k % len(years)]
        growth = Decimal(rng.randint(85, 125)) / 100
        base = Decimal(rng.randint(50, 300)) / 100 if k % len(years) == 0 else base * growth
        base = base.quantize(Decimal("0.0001"))
        old_name, old_year = templates[prefix]
        text = make_variant(texts[prefix], old_name, old_year, dept, year, base)
        path = folder / f"{dept}_{year}_{prefix}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
