"""submission keys stored as hashes namespaced by channel (form, or one partner's API)

A key of one channel must never find another channel's request: the form's key and a partner's
Idempotency-Key hash used to share the column unscoped. Existing keys are rewritten as
`intake.operations.stored_submission_key` makes them. The hash cannot be undone, so the
downgrade forgets the keys (those requests can no longer be found by a resubmission).

Revision ID: 0007
Revises: 0006
"""
import hashlib

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

help_request = sa.table(
    'help_request',
    sa.column('id', sa.Integer), sa.column('submission_key', sa.String),
    sa.column('channel', sa.String), sa.column('partner_id', sa.Integer),
)


def _namespaced(channel, partner_id, key):
    # As stored_submission_key (frozen here: a migration must not change with the code).
    scope = f"api:{partner_id}" if channel == 'api' else "form"
    return hashlib.sha256(f"{scope}\n{key}".encode()).hexdigest()


def upgrade():
    conn = op.get_bind()
    rows = conn.execute(sa.select(help_request.c.id, help_request.c.submission_key,
                                  help_request.c.channel, help_request.c.partner_id)
                        .where(help_request.c.submission_key.is_not(None))).all()
    for row in rows:
        conn.execute(help_request.update().where(help_request.c.id == row.id)
                     .values(submission_key=_namespaced(row.channel, row.partner_id,
                                                        row.submission_key)))


def downgrade():
    op.execute(help_request.update().values(submission_key=None))
