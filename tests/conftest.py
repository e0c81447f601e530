from pathlib import Path

import factory.random
import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_DIR / "seeds"
CORPUS_DIR = PROJECT_DIR.parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path):
    """Uploaded documents and evidence go to a fresh folder for every test."""
    settings.MEDIA_ROOT = tmp_path / "private-media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def repeatable_fake_data():
    """Factories draw the same fake words in every run, so a failure can be replayed."""
    factory.random.reseed_random(2026)


@pytest.fixture
def seed_path():
    def _seed(prefix: str) -> Path:
        (path,) = SEEDS_DIR.glob(f"{prefix}_*.txt")
        return path

    return _seed
