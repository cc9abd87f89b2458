// The hall's two database roles (issue 22, finding 16): the owner runs the migrations and owns
// every table; the runtime role, which the hall server connects as, may read and write the
// rows it works with but owns nothing and has no TRIGGER or TRUNCATE right, and on the policy
// audit only SELECT. So the program cannot disable the audit's append-only triggers or insert,
// change or delete an audit row itself: a row is written only by the audit trigger of a policy
// change, which runs with the owner's rights (hall migration 0004) and computes the chain.
import pg from 'pg';
import { StoreError } from '../errors.ts';
import { inTransaction, one, type Queryable } from './pool.ts';

/** A role name as PostgreSQL folds an unquoted one: lower-case letters, digits, underscores. */
export const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Tables the runtime role reads but never writes: the audit (written by its trigger only) and the migration record. */
const READ_ONLY_TABLES = ['policy_audit', 'schema_version'] as const;

export interface ConnectionRights {
  role: string;
  superuser: boolean;
  /** The role owns (or is a member of the owner of) the audit table: it could disable its triggers. */
  ownsAudit: boolean;
}

/** Who this connection is, and whether it could turn the audit's protection off. */
export async function connectionRights(db: Queryable): Promise<ConnectionRights> {
  const found = await one<{ role: string; superuser: boolean; owns: boolean | null }>(
    db,
    `SELECT current_user::text AS role,
            (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
            pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = to_regclass('policy_audit')), 'MEMBER') AS owns`,
  );
  return { role: found?.role ?? '', superuser: found?.superuser === true, ownsAudit: found?.owns === true };
}

/** What `grantRuntimeRole` did. */
export interface RuntimeRoleReport {
  role: string;
  created: boolean;
  schema: string;
  database: string;
}

const invalid = (message: string) => new StoreError('invalid', message);

/**
 * Gives the runtime role exactly its rights on this database (run on the owner's connection,
 * after the migrations; again after every upgrade, as new tables get no rights by themselves).
 * A role that does not exist yet is created (LOGIN, the password asked for only then), which
 * needs the owner to have CREATEROLE; otherwise a database administrator creates it first.
 * Refused: the owner itself, a superuser, or a role that is a member of the owner's role.
 */
export async function grantRuntimeRole(pool: pg.Pool, role: string, password: () => Promise<string>): Promise<RuntimeRoleReport> {
  if (!ROLE_NAME.test(role))
    throw invalid(`运行账号名 ${role} 不可用：只能由小写字母、数字和下划线组成，以字母或下划线开头，至多 63 个字符`);
  const existing = await one<{ superuser: boolean; member: boolean }>(
    pool,
    `SELECT rolsuper AS superuser, pg_has_role($1, current_user, 'MEMBER') AS member FROM pg_roles WHERE rolname = $1`,
    [role],
  );
  // Asked before the transaction: reading a typed password must not hold it open.
  const newPassword = existing ? null : await password();
  return inTransaction(pool, async (client) => {
    const me = await one<{ owner: string; schema: string; database: string }>(
      client,
      `SELECT current_user::text AS owner, current_schema()::text AS schema, current_database()::text AS database`,
    );
    if (!me) throw invalid('无法读取当前数据库账号');
    if (role === me.owner) throw invalid(`运行账号不能是数据库所有者 ${me.owner} 本身：请另起一个名字（如 yibao_app）`);
    if (existing?.superuser) throw invalid(`运行账号 ${role} 是超级用户，能关掉审计记录的保护：请另建一个普通账号`);
    if (existing?.member) throw invalid(`运行账号 ${role} 属于所有者 ${me.owner} 的角色，拥有它的全部权限：请另建一个普通账号`);
    const r = pg.escapeIdentifier(role);
    const schema = pg.escapeIdentifier(me.schema);
    if (newPassword !== null) {
      try {
        await client.query(`CREATE ROLE ${r} LOGIN PASSWORD ${pg.escapeLiteral(newPassword)}`);
      } catch (error) {
        if (error instanceof pg.DatabaseError && error.code === '42501')
          throw invalid(
            `所有者账号 ${me.owner} 无权创建账号：请由数据库管理员执行 CREATE ROLE ${role} LOGIN PASSWORD '…'（或给所有者 CREATEROLE 权限），再运行本命令`,
          );
        throw error;
      }
    }
    // Start from nothing, so running this again after an upgrade leaves exactly these rights.
    await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${r}`);
    await client.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${schema} FROM ${r}`);
    await client.query(`GRANT CONNECT ON DATABASE ${pg.escapeIdentifier(me.database)} TO ${r}`);
    await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${r}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${r}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${r}`);
    for (const table of READ_ONLY_TABLES) await client.query(`REVOKE INSERT, UPDATE, DELETE ON ${table} FROM ${r}`);
    const auditIds = await one<{ seq: string }>(client, `SELECT pg_get_serial_sequence('policy_audit', 'id') AS seq`);
    if (auditIds?.seq) await client.query(`REVOKE ALL ON SEQUENCE ${auditIds.seq} FROM ${r}`);
    // No new functions or tables in the schema (one named like ours could be called instead).
    const canCreate = await one<{ yes: boolean }>(client, `SELECT has_schema_privilege($1, $2, 'CREATE') AS yes`, [role, me.schema]);
    if (canCreate?.yes) {
      try {
        await client.query(`REVOKE CREATE ON SCHEMA ${schema} FROM PUBLIC, ${r}`);
      } catch (error) {
        if (error instanceof pg.DatabaseError && error.code === '42501')
          throw invalid(
            `运行账号 ${role} 可以在模式 ${me.schema} 中建表：请由数据库管理员执行 REVOKE CREATE ON SCHEMA ${me.schema} FROM PUBLIC`,
          );
        throw error;
      }
    }
    return { role, created: newPassword !== null, schema: me.schema, database: me.database };
  });
}

/** The migrations need the owner: what a runtime role is told when the database is older than the program. */
export function upgradeNeedsOwner(role: string, pending: number): StoreError {
  return invalid(
    `大厅数据库需要升级到本程序的版本（${pending} 项迁移），但当前连接的账号 ${role} 无权修改表结构：` +
      `请用数据库所有者的连接串运行 yibao hall setup --database 所有者连接串 --runtime-role ${role}，再启动服务器`,
  );
}
