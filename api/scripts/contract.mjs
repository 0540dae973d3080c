// Checks recorded HTTP exchanges against the OpenAPI document: the path and
// method are described, the status is documented for them, the Content-Type is
// one the response lists, required headers are there, a JSON body matches its
// schema (every object closed: a field the schema does not name is a drift),
// and a problem+json body matches the Problem schema with a documented `type`
// whose status is the response's.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function escapeRegex(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// '/tiles/{layer}/{z}/{x}/{y}.mvt' -> a RegExp; literal paths first, then by fewer parameters.
function compilePaths(paths) {
  const out = Object.keys(paths).map((template) => {
    const params = [];
    const source = template.split(/(\{[^}]+\})/).map((part) => {
      const m = /^\{([^}]+)\}$/.exec(part);
      if (!m) return escapeRegex(part);
      params.push(m[1]);
      return '([^/]+)';
    }).join('');
    return { template, params, re: new RegExp(`^${source}$`), item: paths[template] };
  });
  out.sort((a, b) => a.params.length - b.params.length || b.template.length - a.template.length);
  return out;
}

function pointer(spec, ref) {
  if (!ref.startsWith('#/')) throw new Error(`only local $ref are supported: ${ref}`);
  let node = spec;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === undefined || node === null || !(key in node)) throw new Error(`unresolvable $ref ${ref}`);
    node = node[key];
  }
  return node;
}

// A response object or parameter behind a $ref.
function resolve(spec, node) {
  let seen = 0;
  while (node && typeof node === 'object' && typeof node.$ref === 'string') {
    if (++seen > 20) throw new Error(`$ref loop at ${node.$ref}`);
    node = pointer(spec, node.$ref);
  }
  return node;
}

const SCHEMA_ARRAYS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];
const SCHEMA_SINGLE = ['items', 'additionalProperties', 'unevaluatedProperties', 'not', 'if', 'then', 'else',
  'contains', 'propertyNames', 'unevaluatedItems'];

/**
 * A self-contained copy of `schema` with every local $ref inlined, and every
 * object schema closed (`unevaluatedProperties: false`) unless it says
 * otherwise or is a member of an allOf (then its allOf parent is closed, so a
 * composed schema accepts the union of its members' properties).
 */
export function closedSchema(spec, schema, stack = [], inAllOf = false) {
  if (typeof schema !== 'object' || schema === null) return schema;
  if (typeof schema.$ref === 'string') {
    if (stack.includes(schema.$ref)) throw new Error(`recursive schema ${schema.$ref}`);
    const { $ref, ...siblings } = schema;
    const target = closedSchema(spec, pointer(spec, $ref), [...stack, $ref], inAllOf);
    return { ...target, ...siblings };
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (SCHEMA_ARRAYS.includes(key) && Array.isArray(value)) {
      out[key] = value.map((s) => closedSchema(spec, s, stack, key === 'allOf'));
    } else if (SCHEMA_MAPS.includes(key) && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, s]) => [k, closedSchema(spec, s, stack, false)]));
    } else if (SCHEMA_SINGLE.includes(key) && value && typeof value === 'object') {
      out[key] = closedSchema(spec, value, stack, false);
    } else {
      out[key] = value;
    }
  }
  const objectLike = 'properties' in out || 'allOf' in out;
  const open = 'additionalProperties' in out || 'unevaluatedProperties' in out || 'patternProperties' in out;
  if (objectLike && !open && !inAllOf) out.unevaluatedProperties = false;
  return out;
}

function mediaType(contentType) {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function isJson(media) {
  return media === 'application/json' || media.endsWith('+json');
}

function matchMedia(content, media) {
  if (content[media]) return media;
  const [type] = media.split('/');
  if (content[`${type}/*`]) return `${type}/*`;
  if (content['*/*']) return '*/*';
  return null;
}

function splitTarget(target) {
  const q = target.indexOf('?');
  return q < 0 ? [target, ''] : [target.slice(0, q), target.slice(q + 1)];
}

function ajvErrors(errors) {
  return errors.slice(0, 5).map((e) => {
    const extra = e.params?.unevaluatedProperty ?? e.params?.additionalProperty ?? e.params?.allowedValues ??
      e.params?.missingProperty;
    const where = e.instancePath || '(body)';
    return `${where} ${e.message}${extra !== undefined ? ` (${Array.isArray(extra) ? extra.join(', ') : extra})` : ''}`;
  }).join('; ');
}

export function createChecker(spec) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  for (const f of ['binary', 'byte', 'int32', 'int64', 'float', 'double', 'password']) ajv.addFormat(f, true);
  const routes = compilePaths(spec.paths ?? {});
  const problemTypes = spec['x-problem-types'] ?? {};
  const problemSchema = spec.components?.schemas?.Problem;
  if (!problemSchema) throw new Error('the spec has no components.schemas.Problem');
  const validators = new Map();
  const validatorFor = (key, schema) => {
    if (!validators.has(key)) validators.set(key, ajv.compile(closedSchema(spec, schema)));
    return validators.get(key);
  };

  function route(path) {
    return routes.find((r) => r.re.test(path));
  }

  function allowedMethods(item) {
    const methods = METHODS.filter((m) => item[m]).map((m) => m.toUpperCase());
    if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
    return methods.sort();
  }

  function checkProblem(record, body, drifts) {
    const validate = validatorFor('#Problem', problemSchema);
    if (!validate(body)) drifts.push({ kind: 'problem body not matching the Problem schema', detail: ajvErrors(validate.errors) });
    const m = typeof body?.type === 'string' ? /^\/problems\/([a-z0-9-]+)$/.exec(body.type) : null;
    if (!m) {
      drifts.push({ kind: 'problem type not of the form /problems/<code>', detail: String(body?.type) });
      return null;
    }
    const code = m[1];
    const documented = problemTypes[code];
    if (!documented) {
      drifts.push({ kind: 'problem type not listed in x-problem-types', detail: code });
    } else if (documented.status !== record.status) {
      drifts.push({ kind: 'problem type sent with another status than x-problem-types gives',
        detail: `${code}: sent ${record.status}, documented ${documented.status}` });
    }
    if (body.status !== record.status) {
      drifts.push({ kind: 'problem status differs from the HTTP status', detail: `${body.status} vs ${record.status}` });
    }
    const id = record.headers?.['x-request-id'];
    if (id && body.instance !== `urn:request:${id}`) {
      drifts.push({ kind: 'problem instance is not urn:request:<X-Request-Id>', detail: `${body.instance} vs ${id}` });
    }
    return code;
  }

  function parseBody(record, drifts) {
    if (typeof record.body !== 'string') return undefined;
    try {
      return JSON.parse(record.body);
    } catch (e) {
      drifts.push({ kind: 'body is not valid JSON', detail: e.message });
      return undefined;
    }
  }

  /** The drifts of one recorded exchange: [{kind, detail}], plus the path template matched. */
  function check(record) {
    const drifts = [];
    const method = String(record.method).toUpperCase();
    const [path] = splitTarget(String(record.target));
    const headers = record.headers ?? {};
    const media = mediaType(headers['content-type']);
    const hasBody = method !== 'HEAD' && record.status !== 204 && record.status !== 304;
    const found = route(path);
    const template = found?.template ?? null;
    const isProblem = media === 'application/problem+json';
    if (!headers['x-request-id']) drifts.push({ kind: 'no X-Request-Id header', detail: '' });

    // Outside the described paths only a refusal is an answer: a 4xx problem
    // (404 not-found, or e.g. 400 invalid-tile-address for /tiles/…/12.png),
    // itself checked like any problem.
    if (!found) {
      const body = hasBody && isProblem ? parseBody(record, drifts) : undefined;
      const code = body !== undefined ? checkProblem(record, body, drifts) : null;
      if (!(record.status >= 400 && record.status < 500 && code !== null)) {
        drifts.push({ kind: 'path not in the spec', detail: `${path} answered ${record.status}` });
      }
      return { template, drifts };
    }
    const item = resolve(spec, found.item);
    const op = item[method === 'HEAD' && !item.head ? 'get' : method.toLowerCase()];
    if (!op) {
      const body = hasBody && isProblem ? parseBody(record, drifts) : undefined;
      const code = body !== undefined ? checkProblem(record, body, drifts) : null;
      if (!(record.status === 405 && code === 'method-not-allowed')) {
        drifts.push({ kind: 'method not in the spec for this path', detail: `${method} answered ${record.status}` });
      } else {
        const allow = (headers.allow ?? '').split(',').map((s) => s.trim().toUpperCase()).filter(Boolean).sort();
        const documented = allowedMethods(item);
        if (allow.join(',') !== documented.join(',')) {
          drifts.push({ kind: '405 Allow header differs from the methods in the spec',
            detail: `Allow: ${allow.join(', ')}; spec: ${documented.join(', ')}` });
        }
      }
      return { template, drifts };
    }
    const status = String(record.status);
    const responses = op.responses ?? {};
    const responseRef = responses[status] ?? responses[`${status[0]}XX`] ?? responses.default;
    if (!responseRef) {
      drifts.push({ kind: 'status not documented', detail: `${status} (documented: ${Object.keys(responses).join(', ')})` });
      return { template, drifts };
    }
    const response = resolve(spec, responseRef);
    for (const [name, headerRef] of Object.entries(response.headers ?? {})) {
      const header = resolve(spec, headerRef);
      const value = headers[name.toLowerCase()];
      if (value === undefined) {
        if (header.required) drifts.push({ kind: 'required header missing', detail: name });
        continue;
      }
      if (header.schema) {
        const typed = header.schema.type === 'integer' || header.schema.type === 'number' ? Number(value) : value;
        const validate = validatorFor(`${template} ${method} ${status} header ${name}`, header.schema);
        if (!validate(typed)) drifts.push({ kind: 'header not matching its schema', detail: `${name}: ${ajvErrors(validate.errors)}` });
      }
    }
    const content = response.content;
    if (!content || Object.keys(content).length === 0) {
      if (hasBody && record.body_bytes > 0) drifts.push({ kind: 'body where the spec documents none', detail: `${record.body_bytes} bytes, ${media}` });
      return { template, drifts };
    }
    if (!hasBody) return { template, drifts };
    const key = matchMedia(content, media);
    if (!key) {
      drifts.push({ kind: 'content type not documented', detail: `${media || '(none)'} (documented: ${Object.keys(content).join(', ')})` });
      return { template, drifts };
    }
    if (!isJson(media)) return { template, drifts };
    if (headers['content-encoding']) return { template, drifts };
    const body = parseBody(record, drifts);
    if (body === undefined) return { template, drifts };
    if (isProblem) checkProblem(record, body, drifts);
    const schema = content[key].schema;
    if (schema) {
      const validate = validatorFor(`${template} ${method} ${status} ${key}`, schema);
      if (!validate(body)) drifts.push({ kind: 'body not matching the schema', detail: ajvErrors(validate.errors) });
    }
    return { template, drifts };
  }

  return { check, route: (path) => route(path)?.template ?? null };
}
