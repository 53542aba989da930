"""administrative actions (audit view use, retention runs)

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

import helpbutton.dbtypes


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('admin_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', helpbutton.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_admin_action_actor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_admin_action_region_id_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_action'))
    )
    with op.batch_alter_table('admin_action', schema=None) as batch_op:
        batch_op.create_index('ix_admin_action_action_created', ['action', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_admin_action_actor_id'), ['actor_id'], unique=False)


def downgrade():
    with op.batch_alter_table('admin_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_admin_action_actor_id'))
        batch_op.drop_index('ix_admin_action_action_created')

    op.drop_table('admin_action')
