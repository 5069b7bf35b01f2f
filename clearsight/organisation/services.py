"""Changes to the organisation: loading staff and teams from the staff file (docs/imports.md)."""

import re
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from clearsight.core.bulk import objects_delete_many, objects_update_many
from clearsight.core.csv_import import (
    CONFLICT_MESSAGE,
    MB,
    CsvRow,
    CsvSpec,
    ProblemList,
    RowError,
    RowReader,
    csv_read,
    import_record_create,
    in_chunks,
)
from clearsight.core.models import ImportRecord
from clearsight.organisation.models import (
    Directorate,
    Locality,
    RoleGrant,
    ServiceArea,
    Team,
    User,
)
from clearsight.organisation.roles import Role

STAFF_SPEC = CsvSpec(
    columns=("staff_id", "email", "first_name", "last_name", "job_title", "directorate",
             "service_area_code", "service_area", "team_code", "team", "locality", "roles",
             "active"),
    required=frozenset({"staff_id", "email", "first_name", "last_name", "directorate",
                        "service_area_code", "service_area", "team_code", "team", "roles"}),
    max_rows=20_000,
    max_bytes=10 * MB,
)
CODE = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
CODE_EXPECTED = "letters, digits and single hyphens only, such as cic-north"
ROLE_CODES = [role.value for role in Role]
ACTIVE = {"yes": "yes", "y": "yes", "no": "no", "n": "no"}


@dataclass(slots=True)
class StaffRow:
    number: int
    staff_id: str
    email: str
    first_name: str
    last_name: str
    job_title: str
    directorate: str
    service_area_code: str
    service_area: str
    team_code: str
    team: str
    locality: str
    roles: frozenset[str]
    active: bool

    @property
    def username(self) -> str:
        return self.email.lower()


def staff_import_csv(*, data: bytes, filename: str, by: User | None) -> ImportRecord:
    """Check every row of a staff file, then load it all or nothing, and record the attempt.

    Upserts the directorates, service areas, localities and teams the file names, and the
    people (keyed on staff_id; their roles are replaced by the file's). Returns the
    ImportRecord, loaded or refused; when refused, nothing else is written.
    """
    table = csv_read(data=data, spec=STAFF_SPEC)
    errors = ProblemList(table.errors)
    rows = [row for row in (_staff_row_read(r, errors) for r in table.rows) if row is not None]
    _staff_rows_check(rows=rows, errors=errors)
    kind = ImportRecord.Kind.STAFF
    n_rows = table.count
    if not errors:
        try:
            with transaction.atomic():
                _staff_check_against_database(rows=rows, errors=errors)
                if not errors:
                    created, updated = _staff_rows_save(rows=rows, present=table.present)
                    return import_record_create(kind=kind, data=data, filename=filename,
                                                by=by, rows=n_rows, created=created,
                                                updated=updated)
        except IntegrityError:
            # The database's own message can quote key values (a child ID): never store it.
            errors.append(RowError(0, "", "", CONFLICT_MESSAGE))
    return import_record_create(kind=kind, data=data, filename=filename, by=by,
                                errors=errors, rows=n_rows)


def _staff_row_read(row: CsvRow, errors: list[RowError]) -> StaffRow | None:
    cells = RowReader(row, errors)
    staff_id = cells.text("staff_id", required=True, max_length=40)
    email = cells.text("email", required=True, max_length=150)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            cells.error("email", f'"{email}" is not a valid email address. Enter a work '
                                 "email address, like name@example.gov.uk.")
    first_name = cells.text("first_name", required=True, max_length=150)
    last_name = cells.text("last_name", required=True, max_length=150)
    job_title = cells.text("job_title", max_length=120)
    directorate = cells.text("directorate", required=True, max_length=120)
    service_area_code = cells.text("service_area_code", required=True, max_length=40,
                                   pattern=CODE, expected=CODE_EXPECTED)
    service_area = cells.text("service_area", required=True, max_length=120)
    team_code = cells.text("team_code", required=True, max_length=40, pattern=CODE,
                           expected=CODE_EXPECTED)
    team = cells.text("team", required=True, max_length=120)
    locality = cells.text("locality", max_length=80)
    unknown = [part.strip() for part in row.values["roles"].split(";")
               if part.strip() and part.strip().lower() not in ROLE_CODES]
    for part in unknown:
        cells.error("roles", f'"{part}" is not a role code. Use one or more of '
                             f'{", ".join(ROLE_CODES)}, separated by ";".')
    roles = {part.strip().lower() for part in row.values["roles"].split(";")} & set(ROLE_CODES)
    if not roles and not unknown:
        cells.error("roles", "Enter at least one role code, such as practitioner. Separate "
                             'several with ";".')
    active = cells.code("active", ACTIVE, expected="yes or no (blank means yes)")
    if not cells.ok:
        return None
    return StaffRow(
        number=row.number, staff_id=staff_id, email=email, first_name=first_name,
        last_name=last_name, job_title=job_title, directorate=directorate,
        service_area_code=service_area_code.lower(), service_area=service_area,
        team_code=team_code.lower(), team=team, locality=locality, roles=frozenset(roles),
        active=active != "no",
    )


def _staff_rows_check(*, rows: list[StaffRow], errors: list[RowError]) -> None:
    """Rows that must agree with each other: one row per person, one name per code."""

    def add(row: StaffRow, column: str, value: str, message: str) -> None:
        errors.append(RowError(row.number, column, value, message))

    by_staff_id: dict[str, StaffRow] = {}
    by_email: dict[str, StaffRow] = {}
    areas: dict[str, StaffRow] = {}
    area_names: dict[tuple[str, str], StaffRow] = {}
    teams: dict[str, StaffRow] = {}
    team_names: dict[str, StaffRow] = {}
    for row in rows:
        if (first := by_staff_id.setdefault(row.staff_id, row)) is not row:
            add(row, "staff_id", row.staff_id, f"Staff ID {row.staff_id} is also on row "
                f"{first.number}. Each person must appear on one row only.")
        if (first := by_email.setdefault(row.username, row)) is not row:
            add(row, "email", row.email, f"The email address {row.email} is also on row "
                f"{first.number}. Each person needs their own email address.")

        code = row.service_area_code
        if (first := areas.setdefault(code, row)) is not row:
            if first.service_area != row.service_area:
                add(row, "service_area", row.service_area, f"Service area {code} is called "
                    f'"{first.service_area}" on row {first.number}. A service area code must '
                    "have the same name on every row.")
            if first.directorate != row.directorate:
                add(row, "directorate", row.directorate, f"Service area {code} is in the "
                    f'directorate "{first.directorate}" on row {first.number}. A service area '
                    "must be in the same directorate on every row.")
        first = area_names.setdefault((row.directorate, row.service_area), row)
        if first.service_area_code != code:
            add(row, "service_area_code", code, f'The service area "{row.service_area}" has '
                f"the code {first.service_area_code} on row {first.number}. A service area "
                "must have one code.")

        code = row.team_code
        if (first := teams.setdefault(code, row)) is not row:
            if first.team != row.team:
                add(row, "team", row.team, f'Team {code} is called "{first.team}" on row '
                    f"{first.number}. A team code must have the same name on every row.")
            if first.service_area_code != row.service_area_code:
                add(row, "service_area_code", row.service_area_code, f"Team {code} is in "
                    f"service area {first.service_area_code} on row {first.number}. A team "
                    "must be in the same service area on every row.")
            if first.locality != row.locality:
                add(row, "locality", row.locality, f"Team {code} has the locality "
                    f'"{first.locality or "(blank)"}" on row {first.number}. A team must have '
                    "the same locality on every row.")
        first = team_names.setdefault(row.team, row)
        if first.team_code != code:
            add(row, "team_code", code, f'The team "{row.team}" has the code '
                f"{first.team_code} on row {first.number}. Team names must be unique, so a "
                "team must have one code.")


def _staff_check_against_database(*, rows: list[StaffRow], errors: list[RowError]) -> None:
    """Email addresses, service area names and team names already used by other records."""
    staff_ids = {row.staff_id for row in rows}
    by_username = {row.username: row for row in rows}
    reported: set[str] = set()
    holders = [*in_chunks(User.objects.all(), "username", by_username),
               *in_chunks(User.objects.annotate(email_lower=Lower("email")), "email_lower",
                          by_username)]
    for user in holders:
        if user.staff_id in staff_ids:
            continue  # this person is in the file, so their address is replaced
        address = user.username if user.username in by_username else user.email.lower()
        if address in reported:
            continue
        reported.add(address)
        row = by_username[address]
        if user.staff_id:
            owner = f"the person with staff ID {user.staff_id}"
        else:
            owner = (f"the account {user.username}, which has no staff ID (add staff ID "
                     f"{row.staff_id} to that account to link it)")
        errors.append(RowError(row.number, "email", row.email, f"The email address "
                               f"{row.email} is already used by {owner}."))

    file_areas = {row.service_area_code: row for row in reversed(rows)}
    by_area_name = {(row.directorate, row.service_area): row for row in file_areas.values()}
    for area in ServiceArea.objects.select_related("directorate"):
        clash = by_area_name.get((area.directorate.name, area.name))
        if clash is not None and area.code not in file_areas:
            errors.append(RowError(clash.number, "service_area", clash.service_area, (
                f'A service area called "{area.name}" already exists in {area.directorate} '
                f"with the code {area.code}. Use that code, or a different name.")))

    file_teams = {row.team_code: row for row in reversed(rows)}
    by_team_name = {row.team: row for row in file_teams.values()}
    for team in Team.objects.all():
        clash = by_team_name.get(team.name)
        if clash is not None and team.code not in file_teams:
            errors.append(RowError(clash.number, "team", clash.team, (
                f'A team called "{team.name}" already exists with the code {team.code}. '
                "Use that code, or a different name.")))


def _temporary_name(pk: int) -> str:
    return f"~import {uuid.uuid4().hex[:12]} {pk}"


def _staff_rows_save(*, rows: list[StaffRow], present: tuple[str, ...]) -> tuple[int, int]:
    """Write the checked rows. Returns (people created, people updated).

    An optional column left out of the file leaves that detail of existing records alone.
    """
    now = timezone.now()
    first_rows = list({row.team_code: row for row in reversed(rows)}.values())

    directorates = {d.name: d for d in Directorate.objects.all()}
    for name in {row.directorate for row in rows} - directorates.keys():
        directorates[name] = Directorate.objects.create(name=name)
    localities = {locality.name: locality for locality in Locality.objects.all()}
    for name in {row.locality for row in rows if row.locality} - localities.keys():
        localities[name] = Locality.objects.create(name=name)

    # Service areas, then teams: renamed ones pass through a temporary name first, so that two
    # records swapping names never meet the unique constraints half way.
    areas = {area.code: area for area in ServiceArea.objects.all()}
    wanted_areas = {row.service_area_code: row for row in first_rows}
    renamed: list[ServiceArea] = []
    for code, row in wanted_areas.items():
        directorate = directorates[row.directorate]
        area = areas.get(code)
        if area is None:
            areas[code] = ServiceArea.objects.create(code=code, name=row.service_area,
                                                     directorate=directorate)
        elif (area.name, area.directorate_id) != (row.service_area, directorate.pk):
            ServiceArea.objects.filter(pk=area.pk).update(name=_temporary_name(area.pk))
            area.name, area.directorate, area.updated_at = row.service_area, directorate, now
            renamed.append(area)
    ServiceArea.objects.bulk_update(renamed, ["name", "directorate", "updated_at"])

    teams = {team.code: team for team in Team.objects.all()}
    renamed_teams: list[Team] = []
    for row in first_rows:
        values = {"name": row.team, "service_area_id": areas[row.service_area_code].pk}
        if "locality" in present or row.team_code not in teams:
            values["locality_id"] = localities[row.locality].pk if row.locality else None
        team = teams.get(row.team_code)
        if team is None:
            teams[row.team_code] = Team.objects.create(code=row.team_code, **values)
        elif any(getattr(team, name) != value for name, value in values.items()):
            if team.name != row.team:
                Team.objects.filter(pk=team.pk).update(name=_temporary_name(team.pk))
            for name, value in values.items():
                setattr(team, name, value)
            team.updated_at = now
            renamed_teams.append(team)
    Team.objects.bulk_update(renamed_teams, ["name", "service_area", "locality", "updated_at"])

    users = {user.staff_id: user for user in in_chunks(User.objects.all(), "staff_id",
                                                       [row.staff_id for row in rows])}
    held: dict[int, dict[str, int]] = {}
    for grant_pk, user_pk, role in in_chunks(
        RoleGrant.objects.values_list("pk", "user_id", "role"), "user_id",
        [user.pk for user in users.values()],
    ):
        held.setdefault(user_pk, {})[role] = grant_pk

    new_users: list[User] = []
    changed: list[User] = []
    moving: list[User] = []
    updated = 0
    for row in rows:
        # The admin screens follow the Administrator role (config/urls.py checks both).
        administrator = Role.ADMINISTRATOR in row.roles
        values = {"username": row.username, "email": row.email, "first_name": row.first_name,
                  "last_name": row.last_name, "team_id": teams[row.team_code].pk,
                  "is_staff": administrator, "is_superuser": administrator}
        if "job_title" in present:
            values["job_title"] = row.job_title
        if "active" in present:
            values["is_active"] = row.active
        user = users.get(row.staff_id)
        if user is None:
            user = User(staff_id=row.staff_id, **values)
            user.set_unusable_password()
            new_users.append(user)
            continue
        differs = any(getattr(user, name) != value for name, value in values.items())
        if differs:
            if user.username != row.username:
                moving.append(user)
            for name, value in values.items():
                setattr(user, name, value)
            changed.append(user)
        if differs or set(held.get(user.pk, {})) != row.roles:
            updated += 1
    fields = ["username", "email", "first_name", "last_name", "team", "is_staff", "is_superuser",
              *(["job_title"] if "job_title" in present else []),
              *(["is_active"] if "active" in present else [])]
    objects_update_many(objects=[User(pk=user.pk, username=_temporary_name(user.pk))
                                 for user in moving], fields=["username"])
    objects_update_many(objects=changed, fields=fields)
    User.objects.bulk_create(new_users, batch_size=500)
    for user in in_chunks(User.objects.only("pk", "staff_id"), "staff_id",
                          [u.staff_id for u in new_users]):
        users[user.staff_id] = user

    stale: list[int] = []
    grants: list[RoleGrant] = []
    for row in rows:
        user = users[row.staff_id]
        current = held.get(user.pk, {})
        stale.extend(pk for role, pk in current.items() if role not in row.roles)
        grants.extend(RoleGrant(user_id=user.pk, role=role)
                      for role in sorted(row.roles - current.keys()))
    objects_delete_many(model=RoleGrant, pks=stale)
    RoleGrant.objects.bulk_create(grants, batch_size=500)
    return len(new_users), updated
