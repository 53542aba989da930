"""Service with an interpreter: a request's interpreter language, a rule's interpreter
condition.

Revision ID: 0021
Revises: 0020
"""
from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('help_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('interpreter_language', sa.String(length=12),
                                      nullable=True))
    with op.batch_alter_table('routing_rule', schema=None) as batch_op:
        batch_op.add_column(sa.Column('interpreter', sa.Boolean(), nullable=True))


def downgrade():
    with op.batch_alter_table('routing_rule', schema=None) as batch_op:
        batch_op.drop_column('interpreter')
    with op.batch_alter_table('help_request', schema=None) as batch_op:
        batch_op.drop_column('interpreter_language')
