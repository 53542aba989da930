"""urgency: an urgent request's own promise, and when an overdue request escalates

Revision ID: 0013
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.add_column(sa.Column('urgent_promise_working_days', sa.Integer(),
                                      server_default='1', nullable=False))
        batch_op.add_column(sa.Column('escalate_after_working_days', sa.Integer(),
                                      server_default='2', nullable=False))


def downgrade():
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.drop_column('escalate_after_working_days')
        batch_op.drop_column('urgent_promise_working_days')
