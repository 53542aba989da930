"""Texts the administrators write in every public language: one JSON column `texts`
({field: {language: text}}) on topics, centres, regions, message templates and legal texts,
for the languages besides Finnish, Swedish and English (which keep their columns).

Revision ID: 0022
Revises: 0021
"""
from alembic import op
import sqlalchemy as sa


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

TABLES = ('topic', 'centre', 'region', 'message_template', 'legal_texts')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('texts', sa.JSON(), nullable=True))


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('texts')
