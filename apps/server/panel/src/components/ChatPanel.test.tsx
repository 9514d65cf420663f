import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChatPanel } from './ChatPanel.js';

describe('ChatPanel', () => {
  it('shows markup typed by a user as text, never as HTML', () => {
    const text = '<img src=x onerror="alert(1)"><b>bold</b>';
    const { container } = render(
      <ChatPanel messages={[{ id: 1, at: 0, user: 'mallory', text }]} onSend={async () => {}} />,
    );
    expect(screen.getByTestId('chat-message').textContent).toContain(text);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
  });
});

describe('ChatPanel when empty', () => {
  it('says what will appear there and how', () => {
    render(<ChatPanel messages={[]} onSend={async () => {}} />);
    expect(screen.getByTestId('chat-empty').textContent).toContain('No messages yet.');
    expect(screen.getAllByTestId('chat-empty')).toHaveLength(1);
  });
});
