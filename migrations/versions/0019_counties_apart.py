"""Counties apart: an account belongs to a county (`user.region_id`; its administrators manage
it also when it has no role left) and remembers who made it (`user.created_by_id`); the
national operator role (no county scope).

Existing accounts get the county of their roles (the lowest region id); accounts without roles
stay of no county (the command line still manages them).

Revision ID: 0019
Revises: 0018
"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

OLD_SCOPE = ("(role IN ('staff', 'lead') AND centre_id IS NOT NULL)"
             " OR (role = 'municipality_admin' AND municipality_code IS NOT NULL)"
             " OR (role = 'region_admin' AND region_id IS NOT NULL)")
NEW_SCOPE = (OLD_SCOPE + " OR (role = 'operator' AND centre_id IS NULL AND municipality_code"
             " IS NULL AND region_id IS NULL)")


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('region_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('created_by_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_user_region_id'), ['region_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_user_region_id_region'), 'region',
                                    ['region_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_user_created_by_id_user'), 'user',
                                    ['created_by_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_role_assignment_scope_matches_role'),
                                 type_='check')
        batch_op.create_check_constraint('scope_matches_role', NEW_SCOPE)

    conn = op.get_bind()
    conn.execute(sa.text(
        "UPDATE \"user\" SET region_id = (SELECT MIN(r) FROM ("
        " SELECT ra.region_id AS r FROM role_assignment ra"
        "  WHERE ra.user_id = \"user\".id AND ra.region_id IS NOT NULL"
        " UNION SELECT c.region_id FROM role_assignment ra JOIN centre c ON c.id = ra.centre_id"
        "  WHERE ra.user_id = \"user\".id"
        " UNION SELECT m.region_id FROM role_assignment ra"
        "  JOIN municipality m ON m.code = ra.municipality_code WHERE ra.user_id = \"user\".id"
        ") AS scopes)"))


def downgrade():
    conn = op.get_bind()
    conn.execute(sa.text("DELETE FROM role_assignment WHERE role = 'operator'"))
    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_role_assignment_scope_matches_role'),
                                 type_='check')
        batch_op.create_check_constraint('scope_matches_role', OLD_SCOPE)
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_user_created_by_id_user'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_user_region_id_region'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_user_region_id'))
        batch_op.drop_column('created_by_id')
        batch_op.drop_column('region_id')
