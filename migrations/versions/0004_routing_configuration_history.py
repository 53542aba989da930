"""routing configuration history

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

import helpbutton.dbtypes


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('config_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('municipality_code', sa.String(length=3), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', helpbutton.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('entity', sa.String(length=20), nullable=False),
    sa.Column('entity_id', sa.String(length=40), nullable=True),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_config_change_actor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'], name=op.f('fk_config_change_municipality_code_municipality')),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_config_change_region_id_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_config_change'))
    )
    with op.batch_alter_table('config_change', schema=None) as batch_op:
        batch_op.create_index('ix_config_change_scope', ['region_id', 'municipality_code', 'created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('config_change', schema=None) as batch_op:
        batch_op.drop_index('ix_config_change_scope')

    op.drop_table('config_change')
