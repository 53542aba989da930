"""configuration changes: the other municipalities each affects, and a recorded reason

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('config_change_municipality',
    sa.Column('change_id', sa.Integer(), nullable=False),
    sa.Column('municipality_code', sa.String(length=3), nullable=False),
    sa.ForeignKeyConstraint(['change_id'], ['config_change.id'], name=op.f('fk_config_change_municipality_change_id_config_change'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'], name=op.f('fk_config_change_municipality_municipality_code_municipality')),
    sa.PrimaryKeyConstraint('change_id', 'municipality_code', name=op.f('pk_config_change_municipality'))
    )
    with op.batch_alter_table('config_change_municipality', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_config_change_municipality_municipality_code'), ['municipality_code'], unique=False)
    with op.batch_alter_table('config_change', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('config_change', schema=None) as batch_op:
        batch_op.drop_column('reason')
    with op.batch_alter_table('config_change_municipality', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_config_change_municipality_municipality_code'))
    op.drop_table('config_change_municipality')
