"""Person.search_name: the name folded (lower case, no diacritics, đ as d) for the search box,
filled for the people already registered in batches of primary keys; on PostgreSQL a trigram
index (pg_trgm, GIN) serves `search_name LIKE '%word%'` (SQLite scans, which the small registers
of a trial afford)."""

from django.db import migrations, models

from garrison.core.text import fold
from garrison.people.search import CREATE_TRIGRAM_INDEX, DROP_TRIGRAM_INDEX

BATCH = 20_000


def _letter_map() -> tuple[str, str]:
    """The letters (Latin blocks) that fold to one other letter: PostgreSQL's translate() then
    folds a whole batch in one UPDATE, as `fold` does one name."""
    source, target = [], []
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        letter = chr(code)
        folded = fold(letter)
        if len(folded) == 1 and folded != letter:
            source.append(letter)
            target.append(folded)
    return "".join(source), "".join(target)


def backfill(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    connection = schema_editor.connection
    table = connection.ops.quote_name(Person._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ranges of keys, each one UPDATE folding in SQL; then the few names SQL could not
            # fold alike (combining marks typed apart, other scripts) through `fold`
            source, target = _letter_map()
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            top = cursor.fetchone()[0]
            for start in range(0, top, BATCH * 5):
                cursor.execute(
                    f"UPDATE {table} SET search_name = lower(btrim(regexp_replace("
                    "translate(full_name, %s, %s), '\\s+', ' ', 'g'))) "
                    "WHERE id > %s AND id <= %s",
                    [source, target, start, start + BATCH * 5],
                )
            cursor.execute(f"SELECT id, full_name FROM {table} WHERE search_name ~ '[^ -~]'")
            odd = cursor.fetchall()
            cursor.executemany(
                f"UPDATE {table} SET search_name = %s WHERE id = %s",
                [(fold(name), pk) for pk, name in odd],
            )
            return
        last = 0
        while True:
            cursor.execute(
                f"SELECT id, full_name FROM {table} WHERE id > %s ORDER BY id LIMIT {BATCH}",
                [last],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            last = rows[-1][0]
            cursor.executemany(
                f"UPDATE {table} SET search_name = %s WHERE id = %s",
                [(fold(name), pk) for pk, name in rows],
            )


def add_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(CREATE_TRIGRAM_INDEX)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGRAM_INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_person_village"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="search_name",
            field=models.CharField(
                default="", editable=False, max_length=150, verbose_name="search text"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(add_trigram_index, drop_trigram_index),
    ]
