/**
 * One change to a course file, in terms of the course model (a JSON path into `course/1`), so the
 * same edit applies to a JSON course and to a CSV phrase list. The studio's phrase editor and the
 * course setup panel both speak it; `course-document.ts` applies it to the file's text.
 */

/** A path into the course, e.g. `['phrases', 3, 'target']` or `['voices', 'target']`. */
export type CoursePath = ReadonlyArray<string | number>;

export type CourseEdit =
  /** Sets a value (creating missing objects on the way); `value: undefined` removes a property. */
  | { readonly op: 'set'; readonly path: CoursePath; readonly value: unknown }
  /** Inserts `value` into the array at `path` before `index` (`index` = length appends). */
  | { readonly op: 'insert'; readonly path: CoursePath; readonly index: number; readonly value: unknown }
  /** Removes an array element or a property. */
  | { readonly op: 'remove'; readonly path: CoursePath }
  /** Moves the array element at `from` so that it ends up at index `to`. */
  | { readonly op: 'move'; readonly path: CoursePath; readonly from: number; readonly to: number };

/** An edit the file cannot hold (a CSV has no place for it) or that does not fit the document. */
export class CourseEditError extends Error {
  override readonly name = 'CourseEditError';
}

/** `['phrases', 3, 'target']` -> `phrases[3].target`, for messages. */
export function pathText(path: CoursePath): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`)).join('');
}

/**
 * Applies edits to a plain JSON value without touching it (copies along each edited path): the
 * model side of every edit, used by the CSV writer and by tests as the expected result.
 */
export function applyEditsToValue(root: unknown, edits: readonly CourseEdit[]): unknown {
  return edits.reduce(applyOne, root);
}

function applyOne(root: unknown, edit: CourseEdit): unknown {
  if (edit.op === 'set' && edit.path.length === 0) return edit.value;
  const target = edit.op === 'set' || edit.op === 'remove' ? edit.path.slice(0, -1) : edit.path;
  return updateAt(root, target, 0, (container) => {
    if (edit.op === 'insert' || edit.op === 'move') {
      if (!Array.isArray(container)) throw new CourseEditError(`${pathText(edit.path)} is not a list`);
      const list = [...(container as unknown[])];
      if (edit.op === 'insert') {
        if (!Number.isInteger(edit.index) || edit.index < 0 || edit.index > list.length) throw new CourseEditError(`no place ${edit.index} in ${pathText(edit.path)}`);
        list.splice(edit.index, 0, edit.value);
      } else {
        if (!inRange(edit.from, list.length) || !inRange(edit.to, list.length)) throw new CourseEditError(`no item ${edit.from} -> ${edit.to} in ${pathText(edit.path)}`);
        const [moved] = list.splice(edit.from, 1);
        list.splice(edit.to, 0, moved);
      }
      return list;
    }
    const key = edit.path[edit.path.length - 1]!;
    if (Array.isArray(container)) {
      if (typeof key !== 'number' || !inRange(key, container.length + (edit.op === 'set' ? 1 : 0))) throw new CourseEditError(`no item ${pathText(edit.path)}`);
      const list = [...(container as unknown[])];
      if (edit.op === 'remove' || edit.value === undefined) list.splice(key, 1);
      else list[key] = edit.value;
      return list;
    }
    const object = { ...((container ?? {}) as Record<string, unknown>) };
    if (edit.op === 'remove' || edit.value === undefined) delete object[String(key)];
    else object[String(key)] = edit.value;
    return object;
  });
}

function updateAt(node: unknown, path: ReadonlyArray<string | number>, depth: number, change: (container: unknown) => unknown): unknown {
  if (depth === path.length) return change(node);
  const key = path[depth]!;
  if (Array.isArray(node)) {
    if (typeof key !== 'number' || !inRange(key, node.length)) throw new CourseEditError(`no item ${pathText(path.slice(0, depth + 1))}`);
    const list = [...(node as unknown[])];
    list[key] = updateAt(list[key], path, depth + 1, change);
    return list;
  }
  if (node !== undefined && (node === null || typeof node !== 'object')) throw new CourseEditError(`${pathText(path.slice(0, depth))} is not an object`);
  const object = { ...((node ?? {}) as Record<string, unknown>) };
  object[String(key)] = updateAt(object[String(key)], path, depth + 1, change);
  return object;
}

function inRange(index: number, length: number): boolean {
  return Number.isInteger(index) && index >= 0 && index < length;
}
