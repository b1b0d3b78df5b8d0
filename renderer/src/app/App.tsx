export function App(): React.JSX.Element {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 32 }}>
      <h1>Course Audio Studio</h1>
      <p>Open a course to begin. Until the studio lands, render courses with <code>npm run generate</code>.</p>
    </main>
  );
}
