"""Each county's legal texts: the data-protection officer's contact for the privacy notice, the
feedback contact and (if corrected) the supervising authority for the accessibility statement.

Revision ID: 0017
Revises: 0016
"""
from alembic import op
import sqlalchemy as sa

import helpbutton.dbtypes


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('legal_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('dpo_name_fi', sa.String(length=160), nullable=False),
    sa.Column('dpo_name_sv', sa.String(length=160), nullable=False),
    sa.Column('dpo_name_en', sa.String(length=160), nullable=False),
    sa.Column('dpo_email', sa.String(length=254), nullable=False),
    sa.Column('dpo_phone', sa.String(length=40), nullable=False),
    sa.Column('dpo_address', sa.String(length=300), nullable=False),
    sa.Column('feedback_email', sa.String(length=254), nullable=False),
    sa.Column('feedback_phone', sa.String(length=40), nullable=False),
    sa.Column('feedback_url', sa.String(length=300), nullable=False),
    sa.Column('authority_name_fi', sa.String(length=160), nullable=False),
    sa.Column('authority_name_sv', sa.String(length=160), nullable=False),
    sa.Column('authority_name_en', sa.String(length=160), nullable=False),
    sa.Column('authority_url', sa.String(length=300), nullable=False),
    sa.Column('is_example', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('updated_at', helpbutton.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_legal_texts_region_id_region'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_texts')),
    sa.UniqueConstraint('region_id', name=op.f('uq_legal_texts_region_id'))
    )


def downgrade():
    op.drop_table('legal_texts')
