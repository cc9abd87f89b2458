// Backups of a hall database are made with PostgreSQL's own tools (pg_dump, pg_basebackup,
// WAL archiving), by whoever runs the database server, not by the program: there is no file
// to copy here. The counter's 数据与备份 calls say so in Chinese instead of failing blank.
import { NotSupportedByBackend } from '../errors.ts';
import type { BackupInfo, BackupKind, BackupStore } from '../ports.ts';

const USE_POSTGRES_TOOLS =
  '服务大厅的数据库由 PostgreSQL 保存，备份与恢复请由管理员用 PostgreSQL 自带的工具（pg_dump / pg_restore、pg_basebackup）进行，本程序不在窗口上做。';

export class PgBackups implements BackupStore {
  async list(): Promise<BackupInfo[]> {
    return [];
  }

  async backup(_kind: BackupKind): Promise<BackupInfo | null> {
    throw new NotSupportedByBackend(USE_POSTGRES_TOOLS);
  }

  /** No daily copy by the program (the database server's own backups cover it). */
  async daily(): Promise<BackupInfo | null> {
    return null;
  }

  async restore(_name: string): Promise<{ restored: string; keptAs: string }> {
    throw new NotSupportedByBackend(USE_POSTGRES_TOOLS);
  }

  /** The database server's backups are not the program's to edit: the administrator purges them. */
  async eraseClient(_idNumber: string): Promise<{ cleaned: number; removed: number }> {
    throw new NotSupportedByBackend(
      `${USE_POSTGRES_TOOLS}该客户已从服务大厅数据库中删除；此前的 PostgreSQL 备份（及 WAL 归档）仍含有其数据，请管理员按备份保留规则处理。`,
    );
  }
}
