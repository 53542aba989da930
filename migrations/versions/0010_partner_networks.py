"""partner's connections with a higher form rate limit

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.add_column(sa.Column('networks', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('form_limit_per_hour', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.drop_column('form_limit_per_hour')
        batch_op.drop_column('networks')
