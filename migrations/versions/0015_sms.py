"""SMS through the outbox (a message's channel), and "is it safe to contact you?"

Revision ID: 0015
Revises: 0014
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.Enum('email', 'sms', name='outboxchannel', native_enum=False, length=32), server_default='email', nullable=False))
    with op.batch_alter_table('help_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('may_leave_message', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('if_someone_else_answers', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('help_request', schema=None) as batch_op:
        batch_op.drop_column('if_someone_else_answers')
        batch_op.drop_column('may_leave_message')
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('channel')
