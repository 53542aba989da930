"""Every wellbeing services county: a region is a county (Statistics Finland's code), with a
slug for its own entry, its official name, whether it uses the service, and where its families
turn when it does not.

Existing regions were loaded by maakunta code and were all serving: their codes become the
county codes (Varsinais-Suomi 02 → 05, Keski-Suomi 13 → 15, Päijät-Häme 07 → 09) and they stay
in service.

Revision ID: 0016
Revises: 0015
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

# maakunta code → (county code, slug, official names fi / sv / en), for the regions that could
# be loaded before this revision (data/regions.yaml of the time).
KNOWN = {
    "02": ("05", "varsinais-suomi", "Varsinais-Suomen hyvinvointialue",
           "Egentliga Finlands välfärdsområde", "Southwest Finland wellbeing services county"),
    "13": ("15", "keski-suomi", "Keski-Suomen hyvinvointialue",
           "Mellersta Finlands välfärdsområde", "Central Finland wellbeing services county"),
    "07": ("09", "paijat-hame", "Päijät-Hämeen hyvinvointialue",
           "Päijänne-Tavastlands välfärdsområde", "Päijät-Häme wellbeing services county"),
}


def upgrade():
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.add_column(sa.Column('slug', sa.String(length=40), nullable=True))
        for lang in ('fi', 'sv', 'en'):
            batch_op.add_column(sa.Column(f'official_name_{lang}', sa.String(length=160),
                                          server_default='', nullable=False))
        batch_op.add_column(sa.Column('in_service', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        for lang in ('fi', 'sv', 'en'):
            batch_op.add_column(sa.Column(f'where_to_turn_{lang}', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('where_to_turn_phone', sa.String(length=40),
                                      nullable=True))

    region = sa.table('region', sa.column('id'), sa.column('code'), sa.column('slug'),
                      sa.column('in_service'), sa.column('official_name_fi'),
                      sa.column('official_name_sv'), sa.column('official_name_en'))
    conn = op.get_bind()
    for row in conn.execute(sa.select(region.c.id, region.c.code)).all():
        code, slug, fi, sv, en = KNOWN.get(row.code, (row.code, f"region-{row.code}", "", "", ""))
        conn.execute(region.update().where(region.c.id == row.id).values(
            code=code, slug=slug, in_service=True, official_name_fi=fi, official_name_sv=sv,
            official_name_en=en))

    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.alter_column('slug', existing_type=sa.String(length=40), nullable=False)
        batch_op.create_unique_constraint('uq_region_slug', ['slug'])


def downgrade():
    region = sa.table('region', sa.column('id'), sa.column('code'))
    conn = op.get_bind()
    back = {county: maakunta for maakunta, (county, *_rest) in KNOWN.items()}
    for row in conn.execute(sa.select(region.c.id, region.c.code)).all():
        if row.code in back:
            conn.execute(region.update().where(region.c.id == row.id)
                         .values(code=back[row.code]))
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.drop_constraint('uq_region_slug', type_='unique')
        for column in ('where_to_turn_phone', 'where_to_turn_en', 'where_to_turn_sv',
                       'where_to_turn_fi', 'in_service', 'official_name_en',
                       'official_name_sv', 'official_name_fi', 'slug'):
            batch_op.drop_column(column)
