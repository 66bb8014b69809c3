import {
  Banknote,
  CalendarClock,
  Camera,
  Circle,
  File,
  FileText,
  Image,
  Mail,
  MapPin,
  MessageCircle,
  MessageSquare,
  Mic,
  Phone,
  Receipt,
  Star,
  StickyNote,
  Ticket,
  Undo2,
  Video,
  type LucideIcon,
} from 'lucide-react';
import type { EventKind, EvidenceKind } from '../../electron/ipc/contract.ts';

const EVIDENCE_ICONS: Record<EvidenceKind, LucideIcon> = {
  screenshot: Image,
  photo: Camera,
  chat: MessageSquare,
  statement: FileText,
  receipt: Receipt,
  email: Mail,
  document: FileText,
  audio: Mic,
  video: Video,
  other: File,
};

const EVENT_ICONS: Record<EventKind, LucideIcon> = {
  call: Phone,
  message: MessageCircle,
  letter: Mail,
  visit: MapPin,
  ticket: Ticket,
  deadline: CalendarClock,
  note: StickyNote,
  other: Circle,
};

export function KindIcon(props: {
  type: 'evidence' | 'event' | 'transaction' | 'message';
  kind: string;
  size?: number;
}) {
  const Icon =
    props.type === 'evidence'
      ? (EVIDENCE_ICONS[props.kind as EvidenceKind] ?? File)
      : props.type === 'transaction'
        ? props.kind === 'refund'
          ? Undo2
          : Banknote
        : props.type === 'message'
          ? Star
          : (EVENT_ICONS[props.kind as EventKind] ?? Circle);
  return <Icon size={props.size ?? 18} strokeWidth={1.75} aria-hidden="true" />;
}
