"""the conversation on a request: messages between the family and its centre

Revision ID: 0014
Revises: 0013
"""
from alembic import op
import sqlalchemy as sa

from helpbutton.dbtypes import UTCDateTime


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('request_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('author', sa.Enum('family', 'staff', name='messageauthor', native_enum=False, length=32), nullable=False),
    sa.Column('kind', sa.Enum('message', 'addition', name='messagekind', native_enum=False, length=32), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=True),
    sa.Column('staff_author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('read_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('read_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['centre_id'], ['centre.id'], name=op.f('fk_request_message_centre_id_centre'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['read_by_id'], ['user.id'], name=op.f('fk_request_message_read_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['request_id'], ['help_request.id'], name=op.f('fk_request_message_request_id_help_request'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_author_id'], ['user.id'], name=op.f('fk_request_message_staff_author_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_request_message'))
    )
    with op.batch_alter_table('request_message', schema=None) as batch_op:
        batch_op.create_index('ix_request_message_request', ['request_id', 'id'], unique=False)
        batch_op.create_index('ix_request_message_unread', ['request_id', 'author', 'read_at'], unique=False)


def downgrade():
    with op.batch_alter_table('request_message', schema=None) as batch_op:
        batch_op.drop_index('ix_request_message_unread')
        batch_op.drop_index('ix_request_message_request')
    op.drop_table('request_message')
