"""The public verification page a certificate's QR code opens (issue 18): no login, minimal personal data,
revoked entries said so, unknown tokens indistinguishable, rate-limited."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from awards.models import Award
from awards.verification import public_base_url, verify_link
from tests.awards.register_factories import give
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person(unit):
    return PersonFactory(full_name="Trần Thị Kiểm Chứng", unit=unit, cccd="001234567890",
                         date_of_birth=datetime.date(1979, 11, 23))


def _award(person, **extra):
    return give("BK_TINH", person, 2025, decision_number="15/QĐ-UBND", decision_date=datetime.date(2026, 1, 20),
                decision_authority="Ủy ban nhân dân tỉnh Thử", **extra)


def url(token):
    return reverse("verify_award", args=[token])


def test_every_award_gets_a_distinct_unguessable_token(person):
    a, b = _award(person), _award(person)
    assert a.verify_token != b.verify_token
    assert len(a.verify_token) >= 22  # 128 random bits, URL-safe
    assert Award._meta.get_field("verify_token").unique


def test_valid_award_shows_its_details_without_login(client, person):
    award = _award(person)
    response = client.get(url(award.verify_token))
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("Trần Thị Kiểm Chứng", "Sở Thử nghiệm", "15/QĐ-UBND", "20/01/2026", "Ủy ban nhân dân tỉnh Thử",
                 award.award_type.name, "Còn hiệu lực"):
        assert text in body
    assert "Đã bị hủy bỏ" not in body


def test_no_identity_number_or_date_of_birth_on_the_page(client, person):
    body = client.get(url(_award(person).verify_token)).content.decode()
    assert "001234567890" not in body
    for dob in ("23/11/1979", "1979-11-23", "23.11.1979", "1979"):
        assert dob not in body


def test_collective_award_names_the_unit(client, unit):
    award = give("BK_TINH", unit, 2025)
    body = client.get(url(award.verify_token)).content.decode()
    assert "Sở Thử nghiệm" in body and "Còn hiệu lực" in body


def test_revoked_award_says_revoked(client, person):
    award = _award(person, revoked=True)
    response = client.get(url(award.verify_token))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Đã bị hủy bỏ" in body
    assert "Còn hiệu lực" not in body


def test_unknown_tokens_are_indistinguishable(client, person):
    award = _award(person)
    guesses = ["x" * 22, award.verify_token[:-1] + ("A" if award.verify_token[-1] != "A" else "B"), "0", "a" * 200,
               "%27%20OR%201=1--", award.verify_token.upper() if award.verify_token.upper() != award.verify_token
               else "Z" * 22]
    responses = [client.get(url(token)) for token in guesses]
    assert {r.status_code for r in responses} == {404}
    assert len({r.content for r in responses}) == 1
    assert len({tuple(sorted((k, v) for k, v in r.items() if k not in ("Date",))) for r in responses}) == 1
    body = responses[0].content.decode()
    assert "Không tìm thấy" in body or "Không có" in body
    assert "Trần Thị Kiểm Chứng" not in body


def test_unknown_token_is_one_query_like_a_known_one(client, person, django_assert_num_queries):
    award = _award(person)
    with django_assert_num_queries(1):
        assert client.get(url(award.verify_token)).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(url("not-a-token")).status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_query_count_does_not_grow_with_the_register(client, person, n, django_assert_num_queries):
    awards = [_award(person) for _ in range(n)]
    with django_assert_num_queries(1):
        client.get(url(awards[-1].verify_token))


def test_enumeration_beyond_the_limit_gets_429(client, person, settings):
    settings.VERIFY_RATE_LIMIT_PER_MINUTE = 5
    award = _award(person)
    statuses = [client.get(url(f"guess{i:04d}")).status_code for i in range(5)]
    assert statuses == [404] * 5
    limited = client.get(url(f"guess{5:04d}"))
    assert limited.status_code == 429
    assert "Vui lòng" in limited.content.decode() or "quá nhiều" in limited.content.decode().lower()
    assert limited["Retry-After"] == "60"
    # even the right token waits: the limit does not reveal which guesses were right
    assert client.get(url(award.verify_token)).status_code == 429
    # another address is not limited
    assert client.get(url(award.verify_token), REMOTE_ADDR="10.9.8.7").status_code == 200


def test_proxy_header_is_used_only_when_configured(client, person, settings):
    settings.VERIFY_RATE_LIMIT_PER_MINUTE = 1
    award = _award(person)
    assert client.get(url(award.verify_token), HTTP_X_REAL_IP="1.1.1.1").status_code == 200
    assert client.get(url(award.verify_token), HTTP_X_REAL_IP="2.2.2.2").status_code == 429  # header ignored
    settings.RATELIMIT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client.get(url(award.verify_token), HTTP_X_REAL_IP="3.3.3.3").status_code == 200


def test_only_get_and_head(client, person):
    award = _award(person)
    assert client.post(url(award.verify_token)).status_code == 405


def test_page_is_not_cached_and_sets_no_cookie(client, person):
    response = client.get(url(_award(person).verify_token))
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert not response.cookies


def test_verify_link_uses_public_base_url(settings, rf):
    settings.PUBLIC_BASE_URL = "https://xacminh.tinh.gov.vn/"
    assert verify_link("abc", public_base_url()) == "https://xacminh.tinh.gov.vn/xac-minh/abc/"
    settings.PUBLIC_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["tdkt.example.vn"]
    request = rf.get("/", HTTP_HOST="tdkt.example.vn")
    assert public_base_url(request) == "http://tdkt.example.vn"
    settings.SITE_URL = "https://noi-bo.example.vn"
    assert public_base_url() == "https://noi-bo.example.vn"
