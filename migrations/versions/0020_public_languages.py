"""Every public language: a request's form language and a message's language take codes longer
than two letters (`selko`, plain-language Finnish).

Revision ID: 0020
Revises: 0019
"""
from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('help_request', schema=None) as batch_op:
        batch_op.alter_column('ui_language', existing_type=sa.String(length=2),
                              type_=sa.String(length=8), existing_nullable=False)
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.alter_column('language', existing_type=sa.String(length=2),
                              type_=sa.String(length=8), existing_nullable=False)


def downgrade():
    # A plain-language request reads Finnish in a two-letter column.
    op.execute("UPDATE help_request SET ui_language = 'fi' WHERE length(ui_language) > 2")
    op.execute("UPDATE outbox_message SET language = 'fi' WHERE length(language) > 2")
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.alter_column('language', existing_type=sa.String(length=8),
                              type_=sa.String(length=2), existing_nullable=False)
    with op.batch_alter_table('help_request', schema=None) as batch_op:
        batch_op.alter_column('ui_language', existing_type=sa.String(length=8),
                              type_=sa.String(length=2), existing_nullable=False)
