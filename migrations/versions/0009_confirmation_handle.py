"""help_request.confirmation_handle_hash: the session holds a random handle, not the follow-up
token and the request's id, until the confirmation page has shown the link

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('help_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmation_handle_hash', sa.String(length=64),
                                      nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f('uq_help_request_confirmation_handle_hash'), ['confirmation_handle_hash'])


def downgrade():
    with op.batch_alter_table('help_request', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_help_request_confirmation_handle_hash'),
                                 type_='unique')
        batch_op.drop_column('confirmation_handle_hash')
