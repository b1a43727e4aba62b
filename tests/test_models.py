"""The domain model: validation raises cocorev's own errors."""

from __future__ import annotations

import pytest

from cocorev import Account, CocorevError, InputError, UnknownStageError


class TestAccountValidation:
    @pytest.mark.parametrize(
        ("kwargs", "error", "text"),
        [
            ({"id": "", "name": "Acme", "stage": "lead"}, InputError, "id must not be blank"),
            ({"id": 1, "name": "Acme", "stage": "lead"}, InputError, "id must be text"),
            ({"id": "1", "name": " ", "stage": "lead"}, InputError, "name must not be blank"),
            (
                {"id": "1", "name": "Acme", "stage": "prospect"},
                UnknownStageError,
                "unknown stage 'prospect'",
            ),
            (
                {"id": "1", "name": "Acme", "stage": "lead", "amount": "40,000"},
                InputError,
                "amount must be a number",
            ),
            (
                {"id": "1", "name": "Acme", "stage": "lead", "amount": -5},
                InputError,
                "finite number >= 0",
            ),
            (
                {"id": "1", "name": "Acme", "stage": "lead", "amount": float("nan")},
                InputError,
                "finite number >= 0",
            ),
            (
                {"id": "1", "name": "Acme", "stage": "lead", "website": 123},
                InputError,
                "website must be text or None, got int 123",
            ),
            (
                {"id": "1", "name": "Acme", "stage": "lead", "website": ["acme.com"]},
                InputError,
                r"website must be text or None, got list \['acme.com'\]",
            ),
        ],
        ids=[
            "blank-id",
            "int-id",
            "blank-name",
            "unknown-stage",
            "text-amount",
            "negative",
            "nan",
            "int-website",
            "list-website",
        ],
    )
    def test_bad_values_raise_cocorev_errors(self, kwargs, error, text):
        """Every invalid field raises a CocorevError subclass that says what is wrong."""
        with pytest.raises(error, match=text) as info:
            Account(**kwargs)
        assert isinstance(info.value, CocorevError)
        assert isinstance(info.value, ValueError)
