"""Suggested findings from monitoring letters against a hand-made key of the sentences a
manager would accept (tests/inspections/data/monitoring_findings_key.tsv)."""

from pathlib import Path

from inspections.parsing import parse_text, report_to_dict

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
KEY = Path(__file__).resolve().parent / "data" / "monitoring_findings_key.tsv"
LETTERS = ("000", "001", "002")


def _norm(text: str) -> str:
    return " ".join(text.split())


def key_sentences() -> dict[str, set[str]]:
    key: dict[str, set[str]] = {seed: set() for seed in LETTERS}
    for line in KEY.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            seed, sentence = line.split("\t")
            key[seed].add(_norm(sentence))
    return key


def suggestions(seed: str):
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    return parse_text(path.read_text(encoding="utf-8")).suggested_findings


def test_precision_and_recall_against_the_key():
    key = key_sentences()
    hits = offered = wanted = 0
    for seed in LETTERS:
        texts = {_norm(item.text) for item in suggestions(seed)}
        hits += len(texts & key[seed])
        offered += len(texts)
        wanted += len(key[seed])
    precision, recall = hits / offered, hits / wanted
    print(f"suggested findings: precision {precision:.2f}, recall {recall:.2f}")
    assert precision >= 0.8
    assert recall >= 0.8


def test_a_sentence_that_refers_back_keeps_the_sentence_it_refers_to():
    item = next(i for i in suggestions("002") if i.text == "However, it is not yet in use.")

    assert item.context.startswith("The local authority has very recently developed a new")


def test_praise_and_actions_are_not_offered():
    texts = {_norm(i.text) for i in suggestions("001")}

    assert not any(t.startswith("Supervision is now consistently timely") for t in texts)
    assert not any(t.startswith("Senior managers are working with health partners") for t in texts)


def test_report_to_dict_gives_each_suggestion_its_context():
    (path,) = SEEDS.glob("002_*.txt")
    data = report_to_dict(parse_text(path.read_text(encoding="utf-8")))

    index = data["suggested_findings"].index("However, it is not yet in use.")
    assert data["suggested_finding_contexts"][index].startswith("The local authority has very")
    assert len(data["suggested_finding_contexts"]) == len(data["suggested_findings"])
