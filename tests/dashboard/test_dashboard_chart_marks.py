import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import user_with_role

SCRIPT = Path(__file__).resolve().parents[2] / "static" / "js" / "dashboard.js"

# Runs the dashboard script against a stand-in page with one outcome and five regions (every bar colour
# of the palette) and a Chart that records what it is asked to draw.
HARNESS = """
const fs = require("fs");
const data = {
  outcomes: [{number: "1", indicators: [{code: "1.1", target: 12, by_region: [1, 2, 3, 4, 5]}]}],
  regions: ["Africa", "Americas", "Asia", "Europe", "Pacific"],
  trends: [], map: [], plans: []
};
const canvas = {dataset: {outcome: "1"}, parentElement: {style: {}}};
global.document = {
  getElementById: (id) => (id === "dashboard-data" ? {textContent: JSON.stringify(data)} : null),
  querySelectorAll: (selector) => (selector === "canvas.indicator-chart" ? [canvas] : []),
};
global.window = global;
const drawn = [];
global.Chart = function (element, config) { drawn.push(config); };
eval(fs.readFileSync(process.argv[1], "utf8"));
process.stdout.write(JSON.stringify(drawn[0].data.datasets));
"""


def luminance(colour):
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node to run the dashboard script")
def test_the_target_mark_stands_out_from_every_bar_colour_and_has_its_own_shape():
    command = ["node", "-e", HARNESS, str(SCRIPT)]  # our own script, run by the Node on PATH
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout  # noqa: S603
    datasets = json.loads(output)
    bars = [dataset for dataset in datasets if dataset["type"] == "bar"]
    (target,) = [dataset for dataset in datasets if dataset["label"] == "Target"]

    assert len(bars) == 5
    assert target["pointStyle"] == "rectRot"
    for bar in bars:
        edge = max(
            contrast(target["backgroundColor"], bar["backgroundColor"]),
            contrast(target["borderColor"], bar["backgroundColor"]),
        )
        assert edge >= 3, bar["label"]
    assert contrast(target["backgroundColor"], target["borderColor"]) >= 3


def test_the_indicator_chart_caption_says_what_the_target_mark_looks_like(seed_000_imported, client):
    client.force_login(user_with_role("manager"))
    page = client.get(reverse("dashboard:dashboard-detail"), {"biennium": "2014-15"}).content.decode()

    assert page.count("the black diamond with a white edge marks the target, also given in the table below") >= 1
