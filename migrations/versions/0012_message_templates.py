"""message templates kept by a region's or a municipality's administrator

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa

import helpbutton.dbtypes


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('message_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('municipality_code', sa.String(length=3), nullable=True),
    sa.Column('name_fi', sa.String(length=80), nullable=False),
    sa.Column('name_sv', sa.String(length=80), nullable=True),
    sa.Column('name_en', sa.String(length=80), nullable=True),
    sa.Column('body_fi', sa.Text(), nullable=False),
    sa.Column('body_sv', sa.Text(), nullable=True),
    sa.Column('body_en', sa.Text(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('is_example', sa.Boolean(), nullable=False),
    sa.Column('created_at', helpbutton.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', helpbutton.dbtypes.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'], name=op.f('fk_message_template_municipality_code_municipality')),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_message_template_region_id_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message_template'))
    )
    with op.batch_alter_table('message_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_message_template_municipality_code'), ['municipality_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_message_template_region_id'), ['region_id'], unique=False)


def downgrade():
    with op.batch_alter_table('message_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_message_template_region_id'))
        batch_op.drop_index(batch_op.f('ix_message_template_municipality_code'))
    op.drop_table('message_template')
