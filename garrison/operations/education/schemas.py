"""Bodies and answers of the education API beyond the generated ones: the attendance actions
and the coverage."""

from __future__ import annotations

from ninja import Field, Schema


class EducationAttendanceIn(Schema):
    person_ids: list[int] = Field(
        ..., description="people of the person register who attended (ids)"
    )


class EducationGroupCoverageOut(Schema):
    group: str = Field(..., description="group_1 … group_4, students, population")
    sessions: int = Field(..., description="sessions held in the year by the day")
    named: int = Field(..., description="people named at those sessions")
    counted: int = Field(..., description="the counts given for mass sessions, added up")
    people: int = Field(
        ..., description="people attending: each session's count when given, else those named"
    )
    cadres: int | None = Field(None, description="cadres in the group on the day (cadre groups)")
    trained: int | None = Field(None, description="of them, trained within the cycle")
    due: int | None = Field(None, description="of them, not trained within the cycle")


class EducationCoveragePlaceOut(Schema):
    id: int | None
    code: int | None = None
    name: str
    groups: list[EducationGroupCoverageOut]


class EducationDueCadreOut(Schema):
    member_id: int
    person_id: int
    name: str
    group: str
    position: str


class EducationCoverageOut(Schema):
    year: int
    on: str = Field(..., description="the day the figures stand on (dd/mm/yyyy)")
    shows: str = Field(
        ..., description="groups (one commune's), communes (of a province) or provinces"
    )
    title: str
    places: list[EducationCoveragePlaceOut] = Field(
        ..., description="per commune or per province (none for one commune's groups)"
    )
    total: EducationCoveragePlaceOut
    cadres_due: list[EducationDueCadreOut] = Field(
        ..., description="one commune's groups: its cadres not yet trained within the cycle"
    )
