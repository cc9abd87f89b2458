// Where a shipped row may say its figure comes from (docs/rules.md §0, grades). A row graded A, B
// or V claims the official text itself, a government site's restatement or a government page's own
// wording: its address must be an official site. And no row, whatever its grade, may cite a
// content farm, forum, blog or question-and-answer site — the ones below were met in this
// library's own history and research notes (db/seed/research/), where they were found copying,
// misquoting or inventing rules. The seed check applies both (store/release.ts readSeed).
import type { Grade } from './policy-set.ts';

/** Grades that claim an official publication or an official page's own wording. */
export const OFFICIAL_GRADES: ReadonlySet<Grade> = new Set(['A', 'B', 'V']);

/**
 * Official publishers whose host does not end in .gov.cn (every …gov.cn host is official: the
 * State Council, NPC, ministries, provincial and city governments and their bureaus).
 */
export const OFFICIAL_HOSTS: Readonly<Record<string, string>> = {
  // 新华社 is the channel laws and State Council documents are published through (受权发布);
  // docs/rules.md grade A names "Xinhua's full reprint".
  'www.news.cn': '新华社（受权发布）',
  'news.cn': '新华社（受权发布）',
  'www.xinhuanet.com': '新华社（受权发布）',
  'xinhuanet.com': '新华社（受权发布）',
  // 人民日报 prints the NPC Standing Committee's laws and decisions as their official publication.
  'paper.people.com.cn': '人民日报（法律、决定的刊载）',
};

/**
 * Content farms, forums, blogs and Q&A sites: never a source, at any grade. Each was seen in this
 * library's history or research notes (the first group), or is a forum or Q&A platform as such.
 * A host matches itself and its subdomains (m.…, www.…).
 */
export const NEVER_SOURCES: Readonly<Record<string, string>> = {
  // Content farms and AI-written pages met in the research (db/seed/research/*.md) or once cited
  // by the seed and removed (git log -- db/seed/policy).
  'yunnanlong.com': '内容农场',
  'jiusongjiankang.com': '内容农场（AI 生成）',
  'tpu847.com': '内容农场',
  'hzdysh.com': '内容农场',
  'fengdujob.net': '内容农场',
  'zhetiaohe.com': '内容农场',
  'gdhyjykj.com': '内容农场',
  'hbbwzsytb.com': '内容农场',
  'jtbaike.com': '内容农场',
  'sdleiou.com': '内容农场',
  'qiukanty.com': '内容农场',
  'hongjibp.com': '内容农场',
  'hunaudx.com': '内容农场',
  'plnmw.com': '内容农场',
  'isslerlaw.com': '内容农场',
  'ljsggw.cn': '内容农场',
  'juzhizhan.com': '内容农场',
  'cnq.net': '内容农场',
  'jingyanla.com': '内容农场',
  '78911.com.cn': '内容农场',
  '76hw.com': '内容农场',
  'ccv168.com': '内容农场',
  'wybk.com': '内容农场',
  'gyxww.net': '内容农场',
  'hsgd.net.cn': '内容农场',
  'vje.cn': '内容农场',
  'xunlu.net': '内容农场',
  'gardenhomesupplies.com': '内容农场',
  '789yingshi.cn': '内容农场',
  'lensthegame.com': '内容农场',
  'outofmemory.cn': '问答站',
  'ruian.com': '论坛（bbs.ruian.com）',
  // Forums and Q&A platforms as such.
  'zhidao.baidu.com': '问答站（百度知道）',
  'tieba.baidu.com': '论坛（百度贴吧）',
  'zhihu.com': '问答站（知乎）',
  'wenda.so.com': '问答站',
  'iask.sina.com.cn': '问答站',
  'blog.sina.com.cn': '博客',
  'douban.com': '论坛',
};

const FORUM_LABEL = /^(bbs|forum|tieba|wenda|ask|zhidao|blog)\./;

/** The address a page stands for: an archived copy (web.archive.org/web/<time>/<url>) stands for the page archived. */
function standsFor(url: URL): URL {
  if (url.hostname === 'web.archive.org') {
    const inner = /^\/web\/[^/]+\/(.+)$/.exec(url.pathname + url.search);
    if (inner?.[1]) {
      try {
        return new URL(/^https?:\/\//.test(inner[1]) ? inner[1] : `http://${inner[1]}`);
      } catch {
        return url;
      }
    }
  }
  return url;
}

const parse = (address: string): URL | null => {
  try {
    return standsFor(new URL(address));
  } catch {
    return null;
  }
};

const matches = (host: string, listed: string) => host === listed || host.endsWith(`.${listed}`);

/** Why an address is never a source (a content farm, forum, blog or Q&A site), or null. */
export function neverSource(address: string): string | null {
  const url = parse(address);
  if (!url) return null;
  const host = url.hostname.toLowerCase();
  const listed = Object.keys(NEVER_SOURCES).find((h) => matches(host, h));
  if (listed) return `${host} 是${NEVER_SOURCES[listed]}`;
  if (FORUM_LABEL.test(host)) return `${host} 是论坛、博客或问答站`;
  return null;
}

/** Whether an address is an official site: a …gov.cn host, or an official publisher listed above. */
export function isOfficialAddress(address: string): boolean {
  const url = parse(address);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return false;
  const host = url.hostname.toLowerCase();
  return host === 'gov.cn' || host.endsWith('.gov.cn') || Object.hasOwn(OFFICIAL_HOSTS, host);
}

/**
 * What is wrong with where a shipped row says its figure comes from, in Chinese (empty when
 * nothing): the row's own address and its document's, against the list of never-sources; and for
 * A, B and V, the address the row is read from (its own, else its document's) against official sites.
 */
export function sourceProblems(row: { grade: Grade; url: string | null }, document: { url: string | null }): string[] {
  const problems: string[] = [];
  for (const [what, address] of [
    ['网址', row.url],
    ['所引文件的网址', document.url],
  ] as const) {
    if (!address) continue;
    const never = neverSource(address);
    if (never) problems.push(`${what} ${address}：${never}，不能作为来源（论坛、博客、问答站、内容农场一律不作来源）`);
  }
  if (OFFICIAL_GRADES.has(row.grade)) {
    const address = row.url ?? document.url;
    if (!address) problems.push(`${row.grade} 级须有官方网址（原文所在的政府网站）；只有转载或文号时请定为 C 级`);
    else if (!isOfficialAddress(address))
      problems.push(
        `${row.grade} 级须引政府网站（…gov.cn）或官方发布机构的原文，${address} 不是；官方文本的转载请定为 C 级并写明文号与标题`,
      );
  }
  return problems;
}
