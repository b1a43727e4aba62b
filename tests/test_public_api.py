"""The public API is exactly what __all__ says."""

from __future__ import annotations

import inspect

import cocorev


class TestPublicApi:
    def test_all_equals_public_names(self):
        """__all__ lists exactly the public, non-module names of the package."""
        public = {
            name
            for name, value in vars(cocorev).items()
            if not name.startswith("_") and not inspect.ismodule(value) and name != "annotations"
        }
        assert public | {"__version__"} == set(cocorev.__all__)

    def test_all_is_sorted(self):
        """__all__ is sorted, so additions are easy to review."""
        assert sorted(cocorev.__all__) == list(cocorev.__all__)

    def test_errors_derive_from_one_base(self):
        """Every exception class cocorev exports derives from CocorevError."""
        errors = [
            v for v in vars(cocorev).values() if inspect.isclass(v) and issubclass(v, BaseException)
        ]
        assert len(errors) >= 8
        assert all(issubclass(e, cocorev.CocorevError) for e in errors)

    def test_version_is_the_package_metadata(self):
        """__version__ is read back from the installed package metadata."""
        from importlib.metadata import version

        assert version("cocorev") == cocorev.__version__
