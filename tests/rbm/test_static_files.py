from django.core.management import call_command
from django.test import override_settings

MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}


def test_production_static_files_collect_with_every_reference_resolved(tmp_path):
    """DEBUG off uses hashed static files; a vendored file pointing at a missing one breaks the build.

    The production storage also compresses each file, which is slow and not what can break here.
    """
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=MANIFEST_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)

    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/chart.js/chart.umd.min.*.js"))
    assert list(tmp_path.glob("css/rbm.*.css"))
