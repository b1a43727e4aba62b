"""The stage-pair -> play matrix, case by case (PLAYS.md)."""

from __future__ import annotations

import pytest

from cocorev import Play, Stage, classify
from cocorev.plays import PLAY_ORDER, strength

C, O, L = Stage.CUSTOMER, Stage.OPPORTUNITY, Stage.LEAD  # noqa: E741 - PLAYS.md writes C-O
E, A, G, P = Play.EXPANSION, Play.ACCELERATE, Play.GENERATE, Play.PARTNERSHIP

# (ours, partner) -> (primary play, every qualifying play, rank in primary, contact owner)
MATRIX = [
    (C, C, E, (E,), 1, True),
    (C, O, E, (E, P), 2, True),
    (C, L, P, (P,), 2, True),
    (O, C, A, (A,), 1, True),
    (O, O, A, (A,), 2, True),
    (O, L, P, (P,), 3, True),
    (L, C, G, (G,), 1, False),
    (L, L, G, (G,), 2, False),
    (L, O, G, (G,), 3, False),
]


class TestClassify:
    @pytest.mark.parametrize(
        ("ours", "partner", "play", "plays", "rank", "contact"),
        MATRIX,
        ids=[f"{m[0].value}-{m[1].value}" for m in MATRIX],
    )
    def test_each_stage_pair(self, ours, partner, play, plays, rank, contact):
        """Each of the nine stage pairs calls for the play, ranks and contact rule of PLAYS.md."""
        call = classify(ours, partner)
        assert (play, plays, rank, contact) == (
            call.play,
            call.plays,
            call.rank,
            call.contact_owner,
        )
        assert call.reason

    def test_accepts_stage_strings(self):
        """Stage values given as strings classify like the enum members."""
        assert classify(Stage.OPPORTUNITY, Stage.CUSTOMER) == classify("opportunity", "customer")

    def test_unknown_stage_raises(self):
        """A value that is not a stage is rejected with ValueError."""
        with pytest.raises(ValueError, match="prospect"):
            classify("prospect", "customer")

    def test_generate_never_contacts_owner(self):
        """Every overlap whose primary play is Generate says not to contact the owner."""
        for ours in Stage:
            for partner in Stage:
                call = classify(ours, partner)
                assert (call.play is not Play.GENERATE) == call.contact_owner


class TestStrength:
    @pytest.mark.parametrize(
        ("play", "order"),
        [
            (E, [(C, C), (C, O)]),
            (A, [(O, C), (O, O)]),
            (G, [(L, C), (L, L), (L, O)]),
            (P, [(C, O), (C, L), (O, L)]),
        ],
        ids=["expansion", "accelerate", "generate", "partnership"],
    )
    def test_strength_order(self, play, order):
        """Overlap types rank inside each play in the order PLAYS.md gives."""
        assert list(range(1, len(order) + 1)) == [strength(play, o, p) for o, p in order]

    def test_non_qualifying_pair_has_no_strength(self):
        """An overlap type that does not qualify for a play has no strength in it."""
        assert strength(Play.ACCELERATE, C, C) is None

    def test_play_order_is_the_articles(self):
        """Plays are shown in the article's order."""
        assert (E, A, G, P) == PLAY_ORDER
        assert [
            "Upsells & Expansion",
            "Accelerate Opportunities",
            "Generate Opportunities",
            "Build Partnerships",
        ] == [p.label for p in PLAY_ORDER]


@pytest.mark.parametrize("bad", ["Customer ", "prospect", None, ["customer"]], ids=repr)
def test_bad_stages_raise_value_error_alone(bad):
    """A bad stage raises the ValueError that names it, with no lookup error behind it."""
    with pytest.raises(ValueError, match="is not a valid Stage") as info:
        classify(bad, "lead")
    assert info.value.__context__ is None
    with pytest.raises(ValueError, match="is not a valid Stage") as info:
        strength(Play.GENERATE, Stage.LEAD, bad)
    assert info.value.__context__ is None
