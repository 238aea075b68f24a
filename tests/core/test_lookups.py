"""The `words` lookup (`core.lookups`): every folded word of a search in a folded column."""

from __future__ import annotations

import pytest
from django.urls import reverse

from garrison.people.models import Person
from tests.conftest import client_for
from tests.factories import MilitiaMemberFactory, PersonFactory


@pytest.mark.django_db
def test_it_finds_every_word_typed_with_or_without_diacritics_in_any_order(commune_a):
    an = PersonFactory(full_name="Nguyễn Văn An", residence_commune=commune_a)
    PersonFactory(full_name="Nguyễn Thị Bình", residence_commune=commune_a)
    PersonFactory(full_name="Đặng Văn Đạt", residence_commune=commune_a)
    for term in ["nguyen van an", "Nguyễn Văn An", "an nguyen", "NGUYEN  an!"]:
        found = Person.objects.filter(search_name__words=term)
        assert list(found) == [an], term
    assert Person.objects.filter(search_name__words="dang dat").count() == 1  # đ reads as d
    assert Person.objects.filter(search_name__words="van").count() == 2


@pytest.mark.django_db
def test_a_term_of_no_word_finds_nobody_and_like_wildcards_are_plain_letters(commune_a):
    PersonFactory(full_name="Lò Văn Một", residence_commune=commune_a)
    assert not Person.objects.filter(search_name__words="?!").exists()
    assert not Person.objects.filter(search_name__words="l_").exists()  # "_" is no wildcard


@pytest.mark.django_db
def test_a_register_of_people_searches_the_folded_name(commune_a, commune_a_staff):
    """The militia register's search box (`person__search_name__words`): "nguyen an" finds
    Nguyễn Văn An, and his citizen ID still finds him."""
    member = MilitiaMemberFactory(person__full_name="Nguyễn Văn An", unit__commune=commune_a)
    MilitiaMemberFactory(person__full_name="Lò Văn Bình", unit__commune=commune_a)
    client = client_for(commune_a_staff)
    url = reverse("forces:member_list")
    for term in ["nguyen an", member.person.citizen_id]:
        response = client.get(url, {"q": term})
        assert response.status_code == 200
        assert "Nguyễn Văn An" in response.text, term
        assert "Lò Văn Bình" not in response.text, term
