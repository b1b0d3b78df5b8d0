import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { CourseEditError, pathText, type CourseEdit, type CoursePath } from './course-edit';
import { layoutValue, type JsonLayout } from './json-layout';

/**
 * Course edits on a JSON course's text. jsonc-parser finds each value's place; only that text is
 * replaced, so the producer's formatting, key order and every other line stay byte for byte (the file
 * is often under version control, and a diff should show exactly the edit). New values take the
 * layout of their neighbours: one phrase a line stays one phrase a line (see json-layout.ts).
 */
export function applyJsonEdits(text: string, edits: readonly CourseEdit[]): string {
  try {
    JSON.parse(text);
  } catch {
    throw new CourseEditError('the course file is no longer valid JSON (edited elsewhere?); nothing was changed');
  }
  return edits.reduce(applyOne, text);
}

function applyOne(text: string, edit: CourseEdit): string {
  const root = parseTree(text);
  if (!root) throw new CourseEditError('the course text is not JSON');
  switch (edit.op) {
    case 'set':
      return edit.value === undefined ? removeAt(text, root, edit.path, true) : setAt(text, root, edit.path, edit.value);
    case 'remove':
      return removeAt(text, root, edit.path, false);
    case 'insert': {
      const list = arrayAt(root, edit.path);
      const count = list.children?.length ?? 0;
      if (!Number.isInteger(edit.index) || edit.index < 0 || edit.index > count) throw new CourseEditError(`no place ${edit.index} in ${pathText(edit.path)}`);
      return insertIntoArray(text, list, edit.index, (layout) => layoutValue(edit.value, layout));
    }
    case 'move': {
      const list = arrayAt(root, edit.path);
      const count = list.children?.length ?? 0;
      if (![edit.from, edit.to].every((index) => Number.isInteger(index) && index >= 0 && index < count)) {
        throw new CourseEditError(`no item ${edit.from} -> ${edit.to} in ${pathText(edit.path)}`);
      }
      if (edit.from === edit.to) return text;
      // The element moves as written (its own spacing), not re-serialised.
      const element = list.children![edit.from]!;
      const written = text.slice(element.offset, element.offset + element.length);
      const removed = removeElement(text, list, edit.from);
      return insertIntoArray(removed, arrayAt(parseTree(removed)!, edit.path), edit.to, () => written);
    }
  }
}

function setAt(text: string, root: Node, path: CoursePath, value: unknown): string {
  const node = findNodeAtLocation(root, [...path]);
  if (node) {
    const layout = layoutOf(text, node, node);
    return splice(
      text,
      node.offset,
      node.length,
      layoutValue(value, { ...layout, multiline: layout.multiline && text.slice(node.offset, node.offset + node.length).includes('\n') }),
    );
  }
  if (path.length === 0) throw new CourseEditError('cannot replace the whole course');
  const parentPath = path.slice(0, -1);
  const key = path[path.length - 1]!;
  const parent = findNodeAtLocation(root, [...parentPath]);
  // A missing parent object is created with the value inside it.
  if (!parent) return setAt(text, root, parentPath, typeof key === 'number' ? [value] : { [key]: value });
  if (parent.type === 'array') {
    if (key !== (parent.children?.length ?? 0)) throw new CourseEditError(`no item ${pathText(path)}`);
    return insertIntoArray(text, parent, key, (layout) => layoutValue(value, layout));
  }
  if (parent.type !== 'object') throw new CourseEditError(`${pathText(parentPath)} is not an object`);
  const properties = parent.children ?? [];
  const last = properties[properties.length - 1];
  const entry = (layout: JsonLayout) => `${JSON.stringify(String(key))}: ${layoutValue(value, layout)}`;
  if (!last) return splice(text, parent.offset + 1, parent.length - 2, entry(layoutOf(text, parent, parent)));
  const layout = layoutOf(text, parent, last);
  const end = last.offset + last.length;
  return splice(text, end, 0, `,${layout.separator}${entry(layout)}`);
}

function removeAt(text: string, root: Node, path: CoursePath, missingIsFine: boolean): string {
  const node = findNodeAtLocation(root, [...path]);
  if (!node) {
    if (missingIsFine) return text;
    throw new CourseEditError(`the course has no ${pathText(path)}`);
  }
  const parent = node.parent!;
  if (parent.type === 'property') {
    const object = parent.parent!;
    return removeElement(text, object, object.children!.indexOf(parent));
  }
  return removeElement(text, parent, parent.children!.indexOf(node));
}

/** Removes element `index` of an array or object node with one separator, leaving the others' lines as they are. */
function removeElement(text: string, container: Node, index: number): string {
  const items = container.children!;
  const item = items[index]!;
  const next = items[index + 1];
  const previous = items[index - 1];
  if (next) return splice(text, item.offset, next.offset - item.offset, '');
  if (previous) return splice(text, previous.offset + previous.length, item.offset + item.length - (previous.offset + previous.length), '');
  return splice(text, container.offset + 1, container.length - 2, '');
}

function insertIntoArray(text: string, list: Node, index: number, render: (layout: JsonLayout) => string): string {
  const items = list.children ?? [];
  const neighbour = items[Math.min(index, items.length - 1)];
  if (!neighbour) return splice(text, list.offset + 1, list.length - 2, render(layoutOf(text, list, list)));
  const layout = layoutOf(text, list, neighbour);
  if (index < items.length) return splice(text, items[index]!.offset, 0, `${render(layout)},${layout.separator}`);
  const last = items[items.length - 1]!;
  return splice(text, last.offset + last.length, 0, `,${layout.separator}${render(layout)}`);
}

function arrayAt(root: Node, path: CoursePath): Node {
  const node = findNodeAtLocation(root, [...path]);
  if (!node) throw new CourseEditError(`the course has no ${pathText(path)}`);
  if (node.type !== 'array') throw new CourseEditError(`${pathText(path)} is not a list`);
  return node;
}

/**
 * How values sit in `container`: one a line (then the separator is a line break and the sibling's
 * indentation) or side by side; and whether a sibling value spans lines.
 */
function layoutOf(text: string, container: Node, sibling: Node): JsonLayout {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lineStart = text.lastIndexOf('\n', sibling.offset) + 1;
  const before = text.slice(lineStart, sibling.offset);
  const indent = /^[ \t]*$/.test(before) ? before : (/^[ \t]*/.exec(before)?.[0] ?? '');
  const spread = text.slice(container.offset, container.offset + container.length).includes('\n');
  const first = container.children?.[0];
  const onOwnLines = spread && first !== undefined && /\n[ \t]*$/.test(text.slice(container.offset, first.offset));
  const unit = /\n([ \t]+)["{[]/.exec(text)?.[1] ?? '  ';
  const siblingText = text.slice(sibling.offset, sibling.offset + sibling.length);
  return { separator: onOwnLines ? eol + indent : ' ', multiline: siblingText.includes('\n'), indent, unit: unit.includes('\t') ? '\t' : unit, eol };
}

function splice(text: string, offset: number, length: number, insert: string): string {
  return text.slice(0, offset) + insert + text.slice(offset + length);
}
