"""Statistics at a million requests: per-day counts (statistics_day, kept with every change)
and narrow partial indexes for what needs exact times; the counts are built here from the
requests already stored.

Revision ID: 0023
Revises: 0022
"""
from alembic import op
import sqlalchemy as sa


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'statistics_day',
        sa.Column('region_id', sa.Integer(), nullable=False),
        sa.Column('dimension', sa.String(length=32), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('municipality_code', sa.String(length=8), nullable=False),
        sa.Column('value', sa.String(length=64), nullable=False),
        sa.Column('requests', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['region_id'], ['region.id'],
                                name=op.f('fk_statistics_day_region_id_region')),
        sa.PrimaryKeyConstraint('region_id', 'dimension', 'day', 'municipality_code', 'value',
                                name=op.f('pk_statistics_day')),
    )
    op.create_table(
        'statistics_rollup',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('signature', sa.String(length=400), nullable=False),
        sa.Column('built_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_statistics_rollup')),
    )
    with op.batch_alter_table('help_request', schema=None) as batch_op:
        batch_op.create_index('ix_help_request_contacted', ['region_id', 'created_at'],
                              postgresql_include=['municipality_code', 'first_contact_at'],
                              postgresql_where=sa.text('first_contact_at IS NOT NULL'),
                              sqlite_where=sa.text('first_contact_at IS NOT NULL'))
        batch_op.create_index('ix_help_request_uncontacted', ['region_id', 'created_at'],
                              postgresql_include=['municipality_code', 'due_at', 'closed_at'],
                              postgresql_where=sa.text('first_contact_at IS NULL'),
                              sqlite_where=sa.text('first_contact_at IS NULL'))
        batch_op.create_index('ix_help_request_open_stats', ['region_id', 'municipality_code'],
                              postgresql_include=['first_contact_at', 'due_at'],
                              postgresql_where=sa.text("status <> 'closed'"),
                              sqlite_where=sa.text("status <> 'closed'"))
    # The counts of the requests already stored (the same as `flask statistics rebuild`).
    from helpbutton.statistics import rollup
    rollup.rebuild(op.get_bind())


def downgrade():
    with op.batch_alter_table('help_request', schema=None) as batch_op:
        batch_op.drop_index('ix_help_request_open_stats')
        batch_op.drop_index('ix_help_request_uncontacted')
        batch_op.drop_index('ix_help_request_contacted')
    op.drop_table('statistics_rollup')
    op.drop_table('statistics_day')
