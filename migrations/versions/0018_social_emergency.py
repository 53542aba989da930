"""The county's social emergency service (sosiaalipäivystys): its number, its name in fi/sv/en
and whether the number is an example (the demo's). The placeholder number the demo gave every
municipality (+358 2 000 0001) is removed: a number a family may call must never be invented.

Revision ID: 0018
Revises: 0017
"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

PLACEHOLDER = "+358 2 000 0001"


def upgrade():
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.add_column(sa.Column('social_emergency_phone', sa.String(length=40),
                                      nullable=True))
        for lang in ('fi', 'sv', 'en'):
            batch_op.add_column(sa.Column(f'social_emergency_name_{lang}', sa.String(length=160),
                                          nullable=True))
        batch_op.add_column(sa.Column('social_emergency_example', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
    municipality = sa.table('municipality', sa.column('social_emergency_phone'))
    op.get_bind().execute(municipality.update()
                          .where(municipality.c.social_emergency_phone == PLACEHOLDER)
                          .values(social_emergency_phone=None))


def downgrade():
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.drop_column('social_emergency_example')
        for lang in ('en', 'sv', 'fi'):
            batch_op.drop_column(f'social_emergency_name_{lang}')
        batch_op.drop_column('social_emergency_phone')
