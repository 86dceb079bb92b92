export interface ChatMessage {
  role: "system" | "user";
  content: string;
}

export interface PullRequestText {
  number: number;
  title: string;
  body: string;
}
