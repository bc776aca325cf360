"""The revised activity matrix: built from stored data in four formats, with its hash, by a real worker."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from accounts.models import Role
from plans.models import KeyOutput
from plans.services.imports import plan_import_file
from plans.services.statuses import key_output_status_record
from reports.models import ReportJob
from reports.selectors import report_job_data_changed
from reports.services import plan_matrix_job_request
from reports.services.build import report_build
from tests.factories import biennium, user_with_role
from tests.plans.conftest import SEED_003, SEED_004
from tests.reports.celery_helpers import celery_publishing_to
from tests.reports.readers import pdf_pages, word_tables, workbook
from tests.reports.test_worker import _logs, start_worker, wait_until_finished  # noqa: F401 - the fixture

FORMATS = ["html", "docx", "xlsx", "pdf"]


def _status(manager):
    output = KeyOutput.objects.get(means__activity__category__revision__number=2, text="analytical paper")
    key_output_status_record(user=manager, key_output=output, biennium=biennium(2014), status="delivered")


def test_the_revised_matrix_is_built_in_four_formats_with_the_status_column(plan_revised):
    manager = user_with_role(Role.MANAGER, username="doc-manager")
    _status(manager)
    built = report_build(biennium=biennium(2016), outcome_ids=None, formats=FORMATS, plan=plan_revised)

    assert sorted(built.files) == sorted(FORMATS)
    html = built.files["html"].decode()
    assert "Revised activity matrix: Social security plan of action 2011–19" in html
    assert "<strong>analytical paper</strong>" in html
    assert "analytical paper: delivered (2014-15)" in html
    assert "Including advisory services for the implementation of Recommendation No. 202" in html
    assert built.content.content_hash in html
    rows = word_tables(built.files["docx"])[0]
    assert rows[0][-1] == "Status in 2016-17"
    assert len(rows) == 1 + 29
    sheet = workbook(built.files["xlsx"]).active
    refs = [row[0] for row in sheet.iter_rows(min_row=6, values_only=True)]
    assert refs[:3] == ["I.1", "I.2.i", "I.2.ii"] and len(refs) == 29
    assert "Including advisory services" in " ".join(" ".join(pdf_pages(built.files["pdf"])).split())
    again = report_build(biennium=biennium(2016), outcome_ids=None, formats=["html"], plan=plan_revised)
    assert again.content.content_hash == built.content.content_hash


def test_request_page_and_refusals(plan_revised, client):
    viewer = user_with_role(Role.VIEWER, username="doc-viewer")
    client.force_login(viewer)
    url = reverse("reports:plan-matrix-request", args=[plan_revised.pk])
    assert client.get(url).status_code == 403
    officer = user_with_role(Role.OFFICER, username="doc-officer")
    client.force_login(officer)
    assert client.get(url).status_code == 200
    response = client.post(url, {"biennium": "2024", "formats": ["html"]})
    assert response.status_code == 400
    assert not ReportJob.objects.exists()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_builds_the_revised_matrix_in_all_four_formats(start_worker, redis_url, tmp_path):  # noqa: F811
    plan = plan_import_file(path=str(SEED_004)).plan
    plan_import_file(path=str(SEED_003), revision_of="GB.312/POL/2")
    manager = user_with_role(Role.MANAGER, username="maria")
    worker = start_worker()

    with celery_publishing_to(redis_url):
        job = plan_matrix_job_request(user=manager, plan=plan, biennium=biennium(2014), formats=FORMATS)

    job = wait_until_finished(job, worker, tmp_path)
    assert (job.state, job.error, job.progress) == ("succeeded", "", 100), _logs(tmp_path)
    files = {item.format: item for item in job.files.all()}
    assert sorted(files) == sorted(FORMATS)
    html = default_storage.open(files["html"].file.name, "rb").read().decode()
    assert "Revised activity matrix" in html and job.content_hash in html
    assert files["pdf"].file.name.endswith("revised-activity-matrix-gb-312-pol-2-2014-15.pdf")
    assert report_job_data_changed(job=job) is False
    _status(manager)
    assert report_job_data_changed(job=job) is True
