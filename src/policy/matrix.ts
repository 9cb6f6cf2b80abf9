/**
 * The permission matrix: a policy definition printed as Markdown, roles with their labels, role × action with
 * every condition in words, and the grants, for people who check a configuration against a platform's guide.
 * A profile adds its own settings (`profileMatrix` in `src/profiles`); `scripts/permission-matrix.ts` writes one
 * per shipped profile to `docs/permissions/`, and a test keeps those files in step with the profiles.
 *
 * @module
 */
import type { Language } from '../domain/primitives';
import { validatePolicyDefinition, type PolicyDefinition } from './definition';
import { describeCondition, filterWords, humanise } from './describe';
import type { Rule } from './rule';

const escape = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');

function reachWords(rule: Rule): string {
  switch (rule.reach ?? 'scope') {
    case 'organisation':
      return ' anywhere in their organisation';
    case 'anywhere':
      return ' wherever the resource is';
    default:
      return '';
  }
}

function ruleWords(rule: Rule, asRole: string | null, holder: string | null): string {
  const mark = rule.effect === 'allow' ? '✓' : '✗ never';
  const condition = rule.when === undefined ? '' : ` if ${describeCondition(rule.when, rule.resource)}`;
  const inherited = asRole !== null && holder !== null && asRole !== holder ? `, as ${humanise(asRole)}` : '';
  return escape(`${mark}${reachWords(rule)}${condition} (${rule.source}${inherited})`);
}

/** Options of {@link permissionMatrix}. */
export interface PermissionMatrixOptions {
  /**
   * The language of the labels column (English is printed beside any other).
   * @defaultValue the definition's `defaultLanguage`, else `'en'`
   */
  readonly language?: Language;
  /** Markdown paragraphs printed under the title, one blank line after each (a profile's bootstrap roles). */
  readonly preface?: readonly string[];
  /** Markdown lines printed after the grants (a profile's exclusive roles, limits and settings). */
  readonly appendix?: readonly string[];
}

/**
 * Renders a definition's permission matrix as Markdown: its roles (label, inheritance, scopes, licence), every
 * action × role cell with its conditions in words and sources, and its grants. Deterministic: the same
 * definition always gives the same text. For a profile with its settings, use `profileMatrix`.
 *
 * @param definition - The definition, or a profile (validated first, as {@link createPolicy} does).
 * @param options - See {@link PermissionMatrixOptions}.
 * @throws {@link PolityError} `invalid_input` when the definition is invalid.
 *
 * @example
 * ```ts
 * import { permissionMatrix, profiles } from 'polity';
 *
 * const markdown = permissionMatrix(profiles.ePresence, { language: 'fr' });
 * ```
 */
export function permissionMatrix(definition: PolicyDefinition, options: PermissionMatrixOptions = {}): string {
  const { definition: p, graph } = validatePolicyDefinition(definition);
  const lines: string[] = [];
  const row = (cells: readonly string[]) => lines.push(`| ${cells.join(' | ')} |`);
  const language = options.language ?? p.defaultLanguage ?? 'en';
  const label = (role: PolicyDefinition['roles'][number], lang: Language) => {
    const text = role.labels?.[lang];
    return text === undefined ? '—' : escape(text);
  };

  lines.push(`# Permission matrix: ${escape(p.name ?? p.id)} (\`${p.id}\`)`, '');
  for (const paragraph of options.preface ?? []) lines.push(paragraph, '');

  lines.push('## Roles', '');
  row(['role', `label (${language})`, ...(language === 'en' ? [] : ['label (en)']), 'has every power of', 'assignable at', 'licensed']);
  row(['---', '---', ...(language === 'en' ? [] : ['---']), '---', '---', '---']);
  for (const role of p.roles) {
    const powers = graph.powersOf(role.name).slice(1);
    row([
      `\`${role.name}\``,
      label(role, language),
      ...(language === 'en' ? [] : [label(role, 'en')]),
      powers.length === 0 ? '—' : powers.map((r) => `\`${r}\``).join(', '),
      role.assignableAt.join(', '),
      role.licensed ? 'yes' : 'no',
    ]);
  }
  lines.push('');

  lines.push('## Permissions', '');
  lines.push(
    'Deny by default. A role has every power of the roles it inherits ("as …" names the inherited role); what **anyone** may do, every role may do too. ' +
      '"✓" holds within the scope of the role\'s assignment (an organisation covers its units and products) unless the cell says how far it reaches; ' +
      '"✗ never" is a forbid rule, which beats every allow. Sources are RULES.md IDs; `*-open` and `*-real` sources are choices documented in docs/policies.md.',
    '',
  );
  const columns = ['anyone', ...p.roles.map((r) => r.name)];
  row(['action', ...columns.map((c) => (c === 'anyone' ? '**anyone**' : humanise(c)))]);
  row(['---', ...columns.map(() => '---')]);
  const withoutRules: string[] = [];
  for (const action of p.actions) {
    const rules = p.rules.filter((rule) => rule.actions.includes(action.name));
    if (rules.length === 0) {
      withoutRules.push(`\`${action.name}\``);
      continue;
    }
    const cells = columns.map((column) => {
      const parts: string[] = [];
      for (const rule of [...rules].sort((a, b) => (a.effect === b.effect ? (a.id < b.id ? -1 : 1) : a.effect === 'forbid' ? 1 : -1))) {
        if (column === 'anyone') {
          if (rule.roles === '*') parts.push(ruleWords(rule, null, null));
          continue;
        }
        if (rule.roles === '*') continue;
        const ruleRoles = rule.roles;
        const asRole = graph.powersOf(column).find((power) => ruleRoles.includes(power));
        if (asRole !== undefined) parts.push(ruleWords(rule, asRole, column));
      }
      return parts.length === 0 ? '—' : parts.join('<br>');
    });
    row([`\`${action.name}\` ${escape(action.description)}`, ...cells]);
  }
  lines.push('');
  if (withoutRules.length > 0) lines.push(`No rule of this profile allows or forbids: ${withoutRules.join(', ')}.`, '');

  lines.push('## Grants', '');
  lines.push(
    `Nobody grants a role at or above their own. Equal-level grants (a role granting itself) are ${p.grants.allowEqualLevel ? '**allowed**' : '**not allowed**'} in this profile. ` +
      'A role may grant what the roles it inherits may grant, within its assignment\'s scope.',
    '',
  );
  if (p.grants.rules.length === 0) lines.push('No grant rules.', '');
  else {
    row(['granter', 'may grant', 'through', 'source']);
    row(['---', '---', '---', '---']);
    for (const grant of p.grants.rules) {
      row([humanise(grant.granter), grant.roles.map(humanise).join(', '), grant.workflow ? `the \`${grant.workflow}\` workflow` : 'at once', grant.source]);
    }
    lines.push('');
  }
  const relations = Object.entries(p.relations ?? {});
  if (relations.length > 0) {
    lines.push('## Relations', '');
    lines.push('Principal attributes the Store holds as pairs: for a principal not given the list, a query plan joins them (`EXISTS`) and a check finds none:', '');
    for (const [name, relation] of relations) {
      const extra = relation.where === undefined || relation.where.kind === 'always' ? '' : ` (only those where ${escape(filterWords(relation.where))})`;
      lines.push(`- \`principal.${name}\`: the \`${relation.valueField}\` of the \`${relation.collection}\` records whose \`${relation.principalField}\` is theirs${extra}`);
    }
    lines.push('');
  }
  lines.push(...(options.appendix ?? []));
  return lines.join('\n');
}
